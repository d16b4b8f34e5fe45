-- A 3x-ui 3.x (MHSanaei/3x-ui v3.6.0 and later, models as of commit 02002dc) panel database: the tables the importer reads, as GORM 1.31's
-- SQLite migrator creates them from the panel's model structs (database/model/model.go,
-- xray/client_traffic.go): struct fields in order, snake_case columns, bool as numeric,
-- "uni_<table>_<column>" unique constraints, "idx_<table>_<column>" indexes. Clients live once in
-- `clients`, linked to inbounds by `client_inbounds`; usage and the panel's verdict in
-- `client_traffics` (matched by e-mail); fallbacks in `inbound_fallbacks`; inbounds with a node_id
-- run on another server (`nodes`). Tables the importer does not read (hosts, api_tokens, ...) are left
-- out. Fed to sqlite3 by the tests; "now" in the tests is 2025-12-01T00:00:00Z.
PRAGMA foreign_keys = OFF;
BEGIN TRANSACTION;
CREATE TABLE `users` (`id` integer PRIMARY KEY AUTOINCREMENT,`username` text,`password` text,`login_epoch` integer DEFAULT 0);
CREATE TABLE `inbounds` (`id` integer PRIMARY KEY AUTOINCREMENT,`user_id` integer,`up` integer,`down` integer,`total` integer,`remark` text,`sub_sort_index` integer DEFAULT 1,`enable` numeric,`expiry_time` integer,`traffic_reset` text DEFAULT "never",`traffic_reset_day` integer DEFAULT 1,`last_traffic_reset_time` integer DEFAULT 0,`listen` text,`port` integer,`protocol` text,`settings` text,`stream_settings` text,`tag` text,`sniffing` text,`node_id` integer,`share_addr_strategy` text DEFAULT "node",`share_addr` text,`disable_flow` numeric DEFAULT false,`origin_node_guid` text,CONSTRAINT `uni_inbounds_tag` UNIQUE (`tag`));
CREATE INDEX `idx_enable_traffic_reset` ON `inbounds`(`enable`,`traffic_reset`);
CREATE INDEX `idx_inbounds_node_id` ON `inbounds`(`node_id`);
CREATE INDEX `idx_inbounds_origin_node_guid` ON `inbounds`(`origin_node_guid`);
CREATE TABLE `settings` (`id` integer PRIMARY KEY AUTOINCREMENT,`key` text,`value` text);
CREATE INDEX `idx_settings_key` ON `settings`(`key`);
CREATE TABLE `client_traffics` (`id` integer PRIMARY KEY AUTOINCREMENT,`inbound_id` integer,`enable` numeric,`email` text,`up` integer,`down` integer,`expiry_time` integer,`total` integer,`reset` integer DEFAULT 0,`reset_day` integer DEFAULT 0,`reset_max` integer DEFAULT 0,`reset_count` integer DEFAULT 0,`last_online` integer DEFAULT 0,`last_sub_fetch` integer DEFAULT 0,CONSTRAINT `uni_client_traffics_email` UNIQUE (`email`));
CREATE INDEX `idx_client_traffics_inbound` ON `client_traffics`(`inbound_id`);
CREATE INDEX `idx_client_traffics_renew` ON `client_traffics`(`expiry_time`,`reset`);
CREATE TABLE `history_of_seeders` (`id` integer PRIMARY KEY AUTOINCREMENT,`seeder_name` text);
CREATE TABLE `nodes` (`id` integer PRIMARY KEY AUTOINCREMENT,`name` text,`remark` text,`scheme` text,`address` text,`port` integer,`base_path` text,`api_token` text,`enable` numeric DEFAULT true,`allow_private_address` numeric DEFAULT false,`tls_verify_mode` text DEFAULT "verify",`pinned_cert_sha256` text,`inbound_sync_mode` text DEFAULT "all",`inbound_tags` text,`outbound_tag` text,`guid` text,`status` text DEFAULT "unknown",`last_heartbeat` integer,`latency_ms` integer,`xray_version` text,`panel_version` text,`cpu_pct` real,`mem_pct` real,`uptime_secs` integer,`net_up` integer,`net_down` integer,`last_error` text,`xray_state` text,`xray_error` text,`config_dirty` numeric DEFAULT false,`config_dirty_at` integer,`inbounds_adopted_at` integer DEFAULT 0,`created_at` integer,`updated_at` integer);
CREATE UNIQUE INDEX `idx_nodes_name` ON `nodes`(`name`);
CREATE INDEX `idx_nodes_guid` ON `nodes`(`guid`);
CREATE TABLE `clients` (`id` integer PRIMARY KEY AUTOINCREMENT,`email` text NOT NULL,`sub_id` text,`uuid` text,`password` text,`auth` text,`flow` text,`security` text,`reverse` text,`wg_private_key` text,`wg_public_key` text,`wg_allowed_ips` text,`wg_pre_shared_key` text,`wg_keep_alive` integer DEFAULT 0,`secret` text,`ad_tag` text DEFAULT '',`limit_ip` integer,`limit_hwid` integer DEFAULT 0,`total_gb` integer,`expiry_time` integer,`enable` numeric DEFAULT true,`tg_id` integer,`group_name` text DEFAULT '',`comment` text,`reset` integer DEFAULT 0,`reset_day` integer DEFAULT 0,`reset_max` integer DEFAULT 0,`traffic_reset` text DEFAULT "never",`traffic_reset_day` integer DEFAULT 1,`created_at` integer,`updated_at` integer,`sync_orphaned_at` integer DEFAULT 0);
CREATE UNIQUE INDEX `idx_clients_email` ON `clients`(`email`);
CREATE INDEX `idx_clients_sub_id` ON `clients`(`sub_id`);
CREATE INDEX `idx_clients_tg_id` ON `clients`(`tg_id`);
CREATE INDEX `idx_client_record_group` ON `clients`(`group_name`);
CREATE INDEX `idx_clients_traffic_reset` ON `clients`(`traffic_reset`);
CREATE TABLE `client_inbounds` (`client_id` integer,`inbound_id` integer,`flow_override` text,`created_at` integer,PRIMARY KEY (`client_id`,`inbound_id`));
CREATE INDEX `idx_client_inbounds_client_id` ON `client_inbounds`(`client_id`);
CREATE INDEX `idx_client_inbounds_inbound_id` ON `client_inbounds`(`inbound_id`);
CREATE TABLE `inbound_fallbacks` (`id` integer PRIMARY KEY AUTOINCREMENT,`master_id` integer NOT NULL,`child_id` integer NOT NULL,`name` text,`alpn` text,`path` text,`dest` text,`xver` integer,`sort_order` integer DEFAULT 0);
CREATE INDEX `idx_inbound_fallbacks_master_id` ON `inbound_fallbacks`(`master_id`);
CREATE INDEX `idx_inbound_fallbacks_child_id` ON `inbound_fallbacks`(`child_id`);

INSERT INTO users VALUES(1,'admin','$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3GlsRu5lbI6YxE.yvGwZbC6',0);
INSERT INTO history_of_seeders VALUES(1,'UserPasswordHash');
INSERT INTO nodes (id, name, remark, scheme, address, port, base_path, api_token, guid, status, created_at, updated_at)
  VALUES(1,'de-fra-1','','https','node1.example.com',2053,'/','0123456789abcdef','7d1c0b7e5a4f4e0b9c1d2e3f40516273','online',1764547200000,1764547200000);

-- 1: VLESS Reality on 443/tcp with the generated tag and no remark; four clients, one served.
INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing)
  VALUES(1,1,0,0,0,'',1,0,'',443,'vless','{
  "clients": [
    {"id": "0f6a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "flow": "xtls-rprx-vision", "email": "alice", "limitIp": 2, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "a1a1a1a1a1a1a1a1", "reset": 0},
    {"id": "1a7b2d3f-4c5e-4f60-9b0c-1d2e3f4a5b6c", "flow": "xtls-rprx-vision", "email": "bob", "limitIp": 3, "totalGB": 0, "expiryTime": 1764460800000, "enable": true, "subId": "b2b2b2b2b2b2b2b2", "reset": 0},
    {"id": "2b8c3e4a-5d6f-4a71-8c1d-2e3f4a5b6c7d", "flow": "xtls-rprx-vision", "email": "carol", "limitIp": 4, "totalGB": 10737418240, "expiryTime": 0, "enable": false, "subId": "c3c3c3c3c3c3c3c3", "reset": 0},
    {"id": "3c9d4f5b-6e7a-4b82-9d2e-3f4a5b6c7d8e", "flow": "xtls-rprx-vision", "email": "dave", "limitIp": 1, "totalGB": 0, "expiryTime": 0, "enable": false, "subId": "d4d4d4d4d4d4d4d4", "reset": 0}
  ],
  "decryption": "none",
  "fallbacks": []
}','{"network": "tcp", "security": "reality", "realitySettings": {"show": false, "xver": 0, "target": "www.microsoft.com:443", "serverNames": ["www.microsoft.com"], "privateKey": "kLr1dJ3vXh0aWJ5Uq8bYt2mC6eN9pR4sZ7fG1hK0jA8", "shortIds": ["6ba85179e30d4fc2"]}, "tcpSettings": {"acceptProxyProtocol": false, "header": {"type": "none"}}}','in-443-tcp','{"enabled": false, "destOverride": ["http", "tls", "quic", "fakedns"]}');

-- 2: Hysteria2 on the same port over UDP (3.x stores it as protocol "hysteria", version 2).
INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing)
  VALUES(2,1,0,0,0,'hy2',1,0,'',443,'hysteria','{
  "version": 2,
  "clients": [
    {"auth": "3rin-s3cret", "email": "erin", "limitIp": 2, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "e5e5e5e5e5e5e5e5", "reset": 0},
    {"auth": "fr4nk-s3cret", "email": "frank", "limitIp": 2, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "f6f6f6f6f6f6f6f6", "reset": 0}
  ]
}','{"network": "hysteria", "security": "tls", "tlsSettings": {"alpn": ["h3"], "certificates": [{"certificateFile": "/root/cert/fullchain.pem", "keyFile": "/root/cert/privkey.pem"}]}, "hysteriaSettings": {"version": 2}}','in-443-udp','{"enabled": false, "destOverride": []}');

-- 3: XHTTP with TLS ALPN h3 only: HTTP/3 over QUIC. The panel tags it tcp all the same.
INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing)
  VALUES(3,1,0,0,0,'',1,0,'',8443,'vless','{
  "clients": [
    {"id": "4d0e5a6c-7f8b-4c93-8e3f-4a5b6c7d8e9f", "email": "gina", "limitIp": 0, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "g7g7g7g7g7g7g7g7", "reset": 0}
  ],
  "decryption": "none"
}','{"network": "xhttp", "security": "tls", "xhttpSettings": {"path": "/xh", "mode": "auto"}, "tlsSettings": {"minVersion": "1.3", "alpn": ["h3"], "certificates": [{"certificateFile": "/root/cert/fullchain.pem", "keyFile": "/root/cert/privkey.pem"}]}}','in-8443-tcp','{"enabled": false, "destOverride": []}');

-- 4: a TLS front whose fallback (inbound_fallbacks, no dest) leads to 5 on loopback.
INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing)
  VALUES(4,1,0,0,0,'front',1,0,'',2053,'vless','{
  "clients": [
    {"id": "0f6a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "email": "alice", "limitIp": 2, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "a1a1a1a1a1a1a1a1", "reset": 0},
    {"id": "5e1f6b7d-8a9c-4da4-9f4a-5b6c7d8e9fa0", "email": "henry", "limitIp": 1, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "h8h8h8h8h8h8h8h8", "reset": 0}
  ],
  "decryption": "none"
}','{"network": "tcp", "security": "tls", "tlsSettings": {"serverName": "front.example.com", "certificates": [{"certificateFile": "/root/cert/fullchain.pem", "keyFile": "/root/cert/privkey.pem"}]}, "tcpSettings": {"header": {"type": "none"}}}','in-2053-tcp','{"enabled": true, "destOverride": ["http", "tls"]}');
INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing)
  VALUES(5,1,0,0,0,'behind-front',1,0,'127.0.0.1',2083,'vless','{
  "clients": [
    {"id": "6f2a7c8e-9bad-4eb5-8a5b-6c7d8e9fa0b1", "email": "ivan", "limitIp": 1, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "i9i9i9i9i9i9i9i9", "reset": 0}
  ],
  "decryption": "none"
}','{"network": "ws", "security": "none", "wsSettings": {"path": "/ws", "headers": {}}}','in-2083-tcp','{"enabled": true, "destOverride": ["http", "tls"]}');

-- 6: runs on the node de-fra-1, not on this server.
INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing, node_id)
  VALUES(6,1,0,0,0,'frankfurt',1,0,'',443,'vless','{
  "clients": [
    {"id": "7a3b8d9f-acbe-4fc6-9b6c-7d8e9fa0b1c2", "email": "jamshid", "limitIp": 3, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "j0j0j0j0j0j0j0j0", "reset": 0}
  ],
  "decryption": "none"
}','{"network": "tcp", "security": "none"}','n1-in-443-tcp','{"enabled": false, "destOverride": []}',1);

-- 7: the inbound itself expired; the panel switched it off.
INSERT INTO inbounds (id, user_id, up, down, total, remark, enable, expiry_time, listen, port, protocol, settings, stream_settings, tag, sniffing)
  VALUES(7,1,0,0,0,'',0,1764460800000,'',9443,'trojan','{
  "clients": [
    {"password": "kT9vR2mQ7xLp", "email": "kian", "limitIp": 2, "totalGB": 0, "expiryTime": 0, "enable": true, "subId": "k1k1k1k1k1k1k1k1", "reset": 0}
  ]
}','{"network": "tcp", "security": "tls", "tlsSettings": {"certificates": []}}','in-9443-tcp','{"enabled": false, "destOverride": []}');

INSERT INTO clients (id, email, sub_id, uuid, flow, limit_ip, total_gb, expiry_time, enable, tg_id, comment, created_at, updated_at) VALUES
  (1,'alice','a1a1a1a1a1a1a1a1','0f6a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b','xtls-rprx-vision',2,0,0,1,0,'',1764547200000,1764547200000),
  (2,'bob','b2b2b2b2b2b2b2b2','1a7b2d3f-4c5e-4f60-9b0c-1d2e3f4a5b6c','xtls-rprx-vision',3,0,1764460800000,1,0,'',1764547200000,1764547200000),
  (3,'carol','c3c3c3c3c3c3c3c3','2b8c3e4a-5d6f-4a71-8c1d-2e3f4a5b6c7d','xtls-rprx-vision',4,10737418240,0,1,0,'',1764547200000,1764547200000),
  (4,'dave','d4d4d4d4d4d4d4d4','3c9d4f5b-6e7a-4b82-9d2e-3f4a5b6c7d8e','xtls-rprx-vision',1,0,0,0,0,'unpaid',1764547200000,1764547200000),
  (5,'henry','h8h8h8h8h8h8h8h8','5e1f6b7d-8a9c-4da4-9f4a-5b6c7d8e9fa0','',1,0,0,1,0,'',1764547200000,1764547200000),
  (6,'ivan','i9i9i9i9i9i9i9i9','6f2a7c8e-9bad-4eb5-8a5b-6c7d8e9fa0b1','',1,0,0,1,0,'',1764547200000,1764547200000),
  (7,'jamshid','j0j0j0j0j0j0j0j0','7a3b8d9f-acbe-4fc6-9b6c-7d8e9fa0b1c2','',3,0,0,1,0,'',1764547200000,1764547200000),
  (8,'kian','k1k1k1k1k1k1k1k1','',NULL,2,0,0,1,0,'',1764547200000,1764547200000),
  (9,'erin','e5e5e5e5e5e5e5e5','',NULL,2,0,0,1,0,'',1764547200000,1764547200000),
  (10,'frank','f6f6f6f6f6f6f6f6','',NULL,2,0,0,1,0,'',1764547200000,1764547200000),
  (11,'gina','g7g7g7g7g7g7g7g7','4d0e5a6c-7f8b-4c93-8e3f-4a5b6c7d8e9f','',0,0,0,1,0,'',1764547200000,1764547200000);
UPDATE clients SET password = 'kT9vR2mQ7xLp' WHERE id = 8;
UPDATE clients SET auth = '3rin-s3cret' WHERE id = 9;
UPDATE clients SET auth = 'fr4nk-s3cret' WHERE id = 10;
INSERT INTO client_inbounds (client_id, inbound_id, flow_override, created_at) VALUES
  (1,1,'xtls-rprx-vision',1764547200000),(2,1,'xtls-rprx-vision',1764547200000),(3,1,'xtls-rprx-vision',1764547200000),
  (4,1,'xtls-rprx-vision',1764547200000),(9,2,'',1764547200000),(10,2,'',1764547200000),(11,3,'',1764547200000),
  (1,4,'',1764547200000),(5,4,'',1764547200000),(6,5,'',1764547200000),(7,6,'',1764547200000),(8,7,'',1764547200000);
-- client_traffics: one row per e-mail. bob's expiry passed a day ago (the panel's job has not run yet),
-- carol used up her 10 GiB and the panel stopped her (enable = 0).
INSERT INTO client_traffics (id, inbound_id, enable, email, up, down, expiry_time, total, last_online) VALUES
  (1,1,1,'alice',1048576,52428800,0,0,1764547000000),
  (2,1,1,'bob',0,0,1764460800000,0,0),
  (3,1,0,'carol',5368709120,5368709120,0,10737418240,0),
  (4,1,1,'dave',0,0,0,0,0),
  (5,4,1,'henry',0,0,0,0,0),
  (6,5,1,'ivan',0,0,0,0,0),
  (7,6,1,'jamshid',0,0,0,0,0),
  (8,7,1,'kian',0,0,0,0,0),
  (9,2,1,'erin',0,0,0,0,0),
  (10,2,1,'frank',0,0,0,0,0),
  (11,3,1,'gina',0,0,0,0,0);
INSERT INTO inbound_fallbacks (id, master_id, child_id, name, alpn, path, dest, xver, sort_order) VALUES (1,4,5,'','','/ws','',0,0);
INSERT INTO settings (key, value) VALUES ('webPort','2053'),('webBasePath','/p4n3l/'),('xrayTemplateConfig','{
  "log": {"access": "none", "dnsLog": false, "error": "", "loglevel": "warning", "maskAddress": ""},
  "api": {"services": ["HandlerService", "LoggerService", "StatsService", "RoutingService"], "tag": "api"},
  "inbounds": [{"listen": "127.0.0.1", "port": 62789, "protocol": "tunnel", "settings": {"rewriteAddress": "127.0.0.1"}, "tag": "api"}],
  "outbounds": [{"protocol": "freedom", "settings": {"domainStrategy": "AsIs"}, "tag": "direct"}, {"protocol": "blackhole", "settings": {}, "tag": "blocked"}]
}');
COMMIT;
