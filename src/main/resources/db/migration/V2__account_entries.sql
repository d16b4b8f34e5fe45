-- Account entries on a shared port (one account's devices on one port), the server's access log and
-- the networks it never counts nor refuses. CHECK constraints repeat dev.portcullis.model.Validator.

-- "" = a port entry (the whole port); otherwise the proxy's client e-mail (1-128 characters, which
-- H2 counts in UTF-16 units: at most 256). An account entry is always mode devices.
ALTER TABLE limit_entries ADD COLUMN account VARCHAR(256) NOT NULL DEFAULT '';
ALTER TABLE limit_entries ADD CONSTRAINT limit_entries_account_length CHECK (CHAR_LENGTH(account) <= 256);
ALTER TABLE limit_entries ADD CONSTRAINT limit_entries_account_devices CHECK (account = '' OR mode = 'devices');
ALTER TABLE limit_entries DROP CONSTRAINT limit_entries_unique;
ALTER TABLE limit_entries ADD CONSTRAINT limit_entries_unique UNIQUE (server_id, port, protocol, account);

-- Where the proxy writes its access log on the server; NULL or '' = found from the proxy's config.
ALTER TABLE servers ADD COLUMN access_log VARCHAR(2048);
ALTER TABLE servers ADD CONSTRAINT servers_access_log CHECK (access_log IS NULL OR access_log = ''
    OR (LEFT(access_log, 1) = '/' AND CHAR_LENGTH(access_log) <= 2048));

-- Client networks never counted nor refused by the server's account entries, in canonical text
-- (dev.portcullis.model.Network: host bits zero, IPv6 RFC 5952, prefix always present).
CREATE TABLE allowed_networks (
    server_id  BIGINT      NOT NULL,
    network    VARCHAR(43) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT allowed_networks_pk PRIMARY KEY (server_id, network),
    CONSTRAINT allowed_networks_server_fk FOREIGN KEY (server_id) REFERENCES servers (id) ON DELETE CASCADE,
    CONSTRAINT allowed_networks_text CHECK (REGEXP_LIKE(network,
        '^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-f:]{2,39}/[0-9]{1,3}$'))
);
