"""The commented config file `mention-triage config init` writes."""

TEMPLATE = """\
# mention-triage configuration (TOML).
# Every setting can also come from the environment as MENTION_TRIAGE_<NAME>
# (MENTION_TRIAGE_API_URL, MENTION_TRIAGE_THEME, ...), which wins over this file.
# Keep this file private (chmod 600) if it holds a token: otherwise it is refused.

# Your Mention API access token, from your application's page at https://dev.mention.com.
# MENTION_ACCESS_TOKEN in the environment wins over this.
# token = "..."

# Where the service is. Plain http:// is refused for anything but localhost unless
# insecure = true (the token would travel unencrypted).
# api_url = "https://api.mention.net/api"
# stream_url = "https://stream.mention.net/api"
# insecure = false
# accept_version = "1.19"

# Which account and alerts to show (default: the token owner's account, every alert).
# account = "12345_abcdef"
# alerts = [112233, 112234]

# textual-dark (default), or ansi-dark / ansi-light for 16-colour terminals.
# NO_COLOR in the environment is honoured whatever the theme.
# theme = "textual-dark"

# When a new mention matches a saved view (or, with no saved views, any new inbox
# mention): "off", "bell" or "desktop". Desktop uses notify-send/osascript on this
# machine, and the terminal's own notification (OSC 9) over SSH. At most one per 10 s.
# notify = "off"

# Where the local database lives (default: the platform's state directory).
# state_dir = "~/.local/state/mention-triage"

# Remap any key by its binding id (press ? in the app, or see the README's key table).
# The value is one key or several separated by commas. Your bindings always win.
[keymap]
# "curate.archive" = "a"
# "feed.down" = "j,down,ctrl+n"

# Quick tags: one key adds a tag (by its name) to the mention under the cursor, or the
# selection; again on a mention that has it, removes it. Shown in the footer and in ?.
# An alert's own table (its id or name) wins for its mentions. Pick keys no other
# action has (free by default: b, h, l, p, w, x and most capitals).
[quick_tags]
# x = "urgent"
# p = "press"
# [quick_tags."Acme Corp"]
# b = "product"

# Saved views: a name and a filter query (the / language); each gets a key in the app.
[views]
# urgent = "is:unread tag:urgent"
# negative = "tone:neg -is:read"
# french = "lang:fr folder:inbox"

# Several accounts: one [profiles.NAME] table each; start one with --profile NAME or
# MENTION_TRIAGE_PROFILE=NAME, switch in the app from the command palette (ctrl+p).
# The settings above are the profile "default" and what every profile inherits, except
# token, account and alerts (never lent to another profile). `profile = "NAME"` at the
# very top of this file picks the one started by default.
# [profiles.client-b]
# token = "..."
# account = "67890_client"
# alerts = [223344]
# theme = "ansi-dark"
# [profiles.client-b.views]
# mine = "is:unread tag:mine"
# Triage rules (`mention-triage rules --dry-run`, then `rules apply`): a filter query (the
# / language) and what to do with the untouched inbox mentions it matches: tag (a tag
# name of the alert), tone (positive / neutral / negative), folder (inbox / archive /
# irrelevant / trash), read, favorite. `alert` (an id or name) limits a rule to one
# alert. Every rule is tested on the mention as it came; for each field the first rule
# that sets it wins; tags add up. `on_arrival = true`: the app also applies the rule to
# new mentions as they arrive (said on the status line; palette: pause, undo).
# [[rules]]
# name = "Spanish Instagram"
# query = "source:instagram lang:es"
# tag = "instagram-es"
# on_arrival = true
#
# [[rules]]
# query = '"Competitor Inc" tone:neg'
# alert = "Acme Corp"
# favorite = true
"""
