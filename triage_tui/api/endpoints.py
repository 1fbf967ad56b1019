"""Where the service is and how it talks: constants with no import cost (the app and the
config need them before anything touches the network)."""

DEFAULT_BASE_URL = "https://api.mention.net/api"
DEFAULT_STREAM_URL = "https://stream.mention.net/api"
DEFAULT_API_VERSION = "1.19"
#: The service sends a mark every 30 s; a stream is dead after two silent periods.
KEEPALIVE_SECONDS = 30.0
