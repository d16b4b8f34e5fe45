-- Telegram alerts sent by a server: the bot token and the chat id, sealed like the other secrets.
ALTER TABLE secrets DROP CONSTRAINT secrets_kind;
ALTER TABLE secrets ADD CONSTRAINT secrets_kind
    CHECK (kind IN ('PASSWORD', 'KEY_PASSPHRASE', 'TELEGRAM_TOKEN', 'TELEGRAM_CHAT'));
