"""The Telegram bot's parts, one job each (laid out like python-telegram-bot's rules-bot).

strings (what the bot says), logs (logging set-up, redaction), botapi (the Bot API client:
safe reading, retries, start-up check), state (what is kept between updates), ratelimit (the
@rate_limit decorator), questions, citations, feedback, inline, stats (/thongke), errors,
admin (uploads, /them), feeds (the refresh job), ingesting. bot.telegram wires them together.
"""
