-- An alireza0/x-ui (v1.12.0) panel database: the tables as GORM 1.31's SQLite migrator creates them
-- from the panel's model structs (database/model/model.go, xray/client_traffic.go): clients with
-- e-mail, limitIp and enable inside the settings JSON, usage and the panel's verdict in
-- client_traffics. The panel's job switches a client off there (enable = 0) once its expiry time
-- passes or total <= up + down; its settings JSON keeps "enable": true. Fed to sqlite3 by the tests;
-- "now" in the tests is 2025-12-01T00:00:00Z.
PRAGMA foreign_keys = OFF;
BEGIN TRANSACTION;
CREATE TABLE `users` (`id` integer PRIMARY KEY AUTOINCREMENT,`username` text,`password` text);
INSERT INTO users VALUES(1,'admin','admin');
CREATE TABLE `inbounds` (`id` integer PRIMARY KEY AUTOINCREMENT,`user_id` integer,`up` integer,`down` integer,`total` integer,`remark` text,`enable` numeric,`expiry_time` integer,`listen` text,`port` integer,`protocol` text,`settings` text,`stream_settings` text,`tag` text,`sniffing` text,CONSTRAINT `uni_inbounds_tag` UNIQUE (`tag`));
CREATE TABLE `outbounds` (`id` integer PRIMARY KEY AUTOINCREMENT,`up` integer,`down` integer,`sort` integer,`send_through` text,`protocol` text,`settings` text,`tag` text,`stream_settings` text,`proxy_settings` text,`mux` text,`target_strategy` text,CONSTRAINT `uni_outbounds_tag` UNIQUE (`tag`));
CREATE TABLE `routing_rules` (`id` integer PRIMARY KEY AUTOINCREMENT,`tag` text,`sort` integer,`raw_json` text,CONSTRAINT `uni_routing_rules_tag` UNIQUE (`tag`));
CREATE TABLE `settings` (`id` integer PRIMARY KEY AUTOINCREMENT,`key` text,`value` text);
CREATE TABLE `client_traffics` (`id` integer PRIMARY KEY AUTOINCREMENT,`inbound_id` integer,`enable` numeric,`email` text,`up` integer,`down` integer,`expiry_time` integer,`total` integer,`reset` integer DEFAULT 0,CONSTRAINT `fk_inbounds_client_stats` FOREIGN KEY (`inbound_id`) REFERENCES `inbounds`(`id`),CONSTRAINT `uni_client_traffics_email` UNIQUE (`email`));

-- 1: three clients on one VMess port: one served, one expired (the panel stopped it), one whose
-- traffic is used up (the panel's job has not run yet).
INSERT INTO inbounds VALUES(1,1,0,0,0,'family',1,0,'',10001,'vmess','{
  "clients": [
    {"id": "8b4c9eaf-bdcf-4ad7-8c7d-8e9fa0b1c2d3", "email": "mina", "limitIp": 1, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "m2m2m2m2m2m2m2m2", "reset": 0},
    {"id": "9c5dafb0-cedf-4be8-9d8e-9fa0b1c2d3e4", "email": "nima", "limitIp": 2, "totalGB": 0, "expiryTime": 1764460800000, "enable": true, "tgId": "", "subId": "n3n3n3n3n3n3n3n3", "reset": 0},
    {"id": "ad6eb0c1-dfe0-4cf9-8e9f-a0b1c2d3e4f5", "email": "omid", "limitIp": 1, "totalGB": 1073741824, "expiryTime": 0, "enable": true, "tgId": "", "subId": "o4o4o4o4o4o4o4o4", "reset": 0}
  ]
}','{"network": "ws", "security": "none", "wsSettings": {"path": "/vm", "headers": {}}}','inbound-10001','{"enabled": true, "destOverride": ["http", "tls"]}');

-- 2: a trojan port whose only client used up its traffic.
INSERT INTO inbounds VALUES(2,1,0,0,0,'',1,0,'',10002,'trojan','{
  "clients": [
    {"password": "p4ssw0rd-zoe", "email": "zoe", "limitIp": 2, "totalGB": 1073741824, "expiryTime": 0, "enable": true, "tgId": "", "subId": "z5z5z5z5z5z5z5z5", "reset": 0}
  ],
  "fallbacks": []
}','{"network": "tcp", "security": "tls", "tlsSettings": {"certificates": []}}','inbound-10002','{"enabled": true, "destOverride": ["http", "tls"]}');

INSERT INTO client_traffics VALUES(1,1,1,'mina',1048576,2097152,0,0,0);
INSERT INTO client_traffics VALUES(2,1,0,'nima',0,0,1764460800000,0,0);
INSERT INTO client_traffics VALUES(3,1,1,'omid',536870912,536870912,0,1073741824,0);
INSERT INTO client_traffics VALUES(4,2,0,'zoe',600000000,600000000,0,1073741824,0);
INSERT INTO settings VALUES(1,'webPort','54321');
COMMIT;
