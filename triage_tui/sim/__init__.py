"""A local simulator of the Mention API: a real HTTP server (Starlette + uvicorn) on loopback."""

from triage_tui.sim.server import SimServer
from triage_tui.sim.state import Faults, Request, SimState

__all__ = ["Faults", "Request", "SimServer", "SimState"]
