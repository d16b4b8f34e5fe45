-- What each server saw of each client address per UTC day on a limited port (and account), as
-- fetched from the server's history file. The server's numbers for a day are cumulative: a newer
-- report of the same key replaces the stored row. Times are epoch seconds (UTC).

CREATE TABLE address_days (
    server_id   BIGINT       NOT NULL,
    port        INT          NOT NULL,
    protocol    VARCHAR(8)   NOT NULL,
    account     VARCHAR(512) NOT NULL DEFAULT '',
    address     VARCHAR(45)  NOT NULL,
    seen_day    DATE         NOT NULL,
    first_seen  BIGINT       NOT NULL,
    last_seen   BIGINT       NOT NULL,
    connections BIGINT       NOT NULL,
    refused     BIGINT       NOT NULL,
    CONSTRAINT address_days_pk PRIMARY KEY (server_id, port, protocol, account, address, seen_day),
    CONSTRAINT address_days_server_fk FOREIGN KEY (server_id) REFERENCES servers (id) ON DELETE CASCADE,
    CONSTRAINT address_days_port_range CHECK (port BETWEEN 1 AND 65535),
    CONSTRAINT address_days_protocol CHECK (protocol IN ('tcp', 'udp', 'both')),
    CONSTRAINT address_days_account_length CHECK (CHAR_LENGTH(account) <= 128),
    CONSTRAINT address_days_counts CHECK (connections >= 0 AND refused >= 0),
    CONSTRAINT address_days_seen_order CHECK (first_seen <= last_seen)
);

-- Queries ask for one server over a period (by last seen); pruning deletes by day.
CREATE INDEX address_days_by_server_seen ON address_days (server_id, last_seen);
CREATE INDEX address_days_by_day ON address_days (seen_day);

-- How many days of history the operator keeps (one row).
CREATE TABLE history_settings (
    id        INT NOT NULL PRIMARY KEY,
    keep_days INT NOT NULL,
    CONSTRAINT history_settings_single_row CHECK (id = 1),
    CONSTRAINT history_settings_keep_days CHECK (keep_days BETWEEN 1 AND 3650)
);

INSERT INTO history_settings (id, keep_days) VALUES (1, 365);
