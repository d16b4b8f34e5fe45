-- A 3x-ui (MHSanaei/3x-ui 2.x, columns as in v2.8.9) panel database: the tables as its GORM models create them in SQLite,
-- with the extra inbound columns (all_time, traffic_reset, last_traffic_reset_time, allocate),
-- several clients per inbound with e-mail, limitIp and enable inside the settings JSON, and the
-- client_traffics table. Fed to sqlite3 by the tests.
PRAGMA foreign_keys = OFF;
BEGIN TRANSACTION;
CREATE TABLE `users` (`id` integer PRIMARY KEY AUTOINCREMENT,`username` text,`password` text,`login_secret` text);
INSERT INTO users VALUES(1,'admin','$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3GlsRu5lbI6YxE.yvGwZbC6','');
CREATE TABLE `inbounds` (`id` integer PRIMARY KEY AUTOINCREMENT,`user_id` integer,`up` integer,`down` integer,`total` integer,`all_time` integer DEFAULT 0,`remark` text,`enable` numeric,`expiry_time` integer,`traffic_reset` text DEFAULT "never",`last_traffic_reset_time` integer DEFAULT 0,`listen` text,`port` integer,`protocol` text,`settings` text,`stream_settings` text,`tag` text,`sniffing` text,`allocate` text,CONSTRAINT `uni_inbounds_tag` UNIQUE (`tag`));
CREATE TABLE `outbound_traffics` (`id` integer PRIMARY KEY AUTOINCREMENT,`tag` text,`up` integer DEFAULT 0,`down` integer DEFAULT 0,`total` integer DEFAULT 0,CONSTRAINT `uni_outbound_traffics_tag` UNIQUE (`tag`));
CREATE TABLE `settings` (`id` integer PRIMARY KEY AUTOINCREMENT,`key` text,`value` text);
CREATE TABLE `inbound_client_ips` (`id` integer PRIMARY KEY AUTOINCREMENT,`client_email` text,`ips` text,CONSTRAINT `uni_inbound_client_ips_client_email` UNIQUE (`client_email`));
CREATE TABLE `client_traffics` (`id` integer PRIMARY KEY AUTOINCREMENT,`inbound_id` integer,`enable` numeric,`email` text,`up` integer,`down` integer,`all_time` integer,`expiry_time` integer,`total` integer,`reset` integer DEFAULT 0,`last_online` integer DEFAULT 0,CONSTRAINT `fk_inbounds_client_stats` FOREIGN KEY (`inbound_id`) REFERENCES `inbounds`(`id`),CONSTRAINT `uni_client_traffics_email` UNIQUE (`email`));
CREATE TABLE `history_of_seeders` (`id` integer PRIMARY KEY AUTOINCREMENT,`seeder_name` text);
INSERT INTO history_of_seeders VALUES(1,'UserPasswordHash');

-- 1: the 3x-ui default: one VLESS Reality port shared by several clients.
INSERT INTO inbounds VALUES(1,1,52428800,1073741824,0,1126170624,'reality-shared',1,0,'never',0,'',443,'vless','{
  "clients": [
    {"id": "3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b", "flow": "xtls-rprx-vision", "email": "alice", "limitIp": 2, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "k2n8x0q4r7w1m5z3", "comment": "", "reset": 0},
    {"id": "4d5e6f70-8192-43a4-b5c6-d7e8f90a1b2c", "flow": "xtls-rprx-vision", "email": "bob", "limitIp": 3, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "p9s3v6y0b2e5h8k1", "comment": "", "reset": 0},
    {"id": "5e6f7081-92a3-44b5-86d7-e8f90a1b2c3d", "flow": "xtls-rprx-vision", "email": "carol", "limitIp": 0, "totalGB": 0, "expiryTime": 0, "enable": false, "tgId": "", "subId": "c4f7i0l3o6r9u2x5", "comment": "unpaid", "reset": 0}
  ],
  "decryption": "none",
  "fallbacks": []
}','{
  "network": "tcp",
  "security": "reality",
  "externalProxy": [],
  "realitySettings": {
    "show": false,
    "xver": 0,
    "dest": "www.microsoft.com:443",
    "serverNames": ["www.microsoft.com"],
    "privateKey": "kLr1dJ3vXh0aWJ5Uq8bYt2mC6eN9pR4sZ7fG1hK0jA8",
    "minClient": "",
    "maxClient": "",
    "maxTimediff": 0,
    "shortIds": ["6ba85179e30d4fc2"],
    "settings": {"publicKey": "Zx3cV5bN7mQ9wE1rT3yU5iO7pA9sD1fG3hJ5kL7zX9c", "fingerprint": "chrome", "serverName": "", "spiderX": "/"}
  },
  "tcpSettings": {"acceptProxyProtocol": false, "header": {"type": "none"}}
}','inbound-443','{
  "enabled": false,
  "destOverride": ["http", "tls", "quic", "fakedns"],
  "metadataOnly": false,
  "routeOnly": false
}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 2: a WebSocket inbound behind nginx / a CDN: listens on loopback only.
INSERT INTO inbounds VALUES(2,1,0,0,0,0,'',1,0,'never',0,'127.0.0.1',8880,'vmess','{
  "clients": [
    {"id": "6f708192-a3b4-45c6-97e8-f90a1b2c3d4e", "security": "auto", "email": "dave@example.org", "limitIp": 0, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "a1b2c3d4e5f6g7h8", "comment": "", "reset": 0}
  ]
}','{
  "network": "ws",
  "security": "none",
  "externalProxy": [],
  "wsSettings": {"acceptProxyProtocol": false, "path": "/vm", "host": "", "headers": {}}
}','inbound-127.0.0.1:8880','{"enabled": false, "destOverride": ["http", "tls"]}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 3: a TLS front with fallbacks, and 4: the inbound its fallback reaches.
INSERT INTO inbounds VALUES(3,1,0,0,0,0,'front',1,0,'never',0,'',2053,'vless','{
  "clients": [
    {"id": "708192a3-b4c5-46d7-a8f9-0a1b2c3d4e5f", "flow": "", "email": "erin", "limitIp": 0, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "h8g7f6e5d4c3b2a1", "comment": "", "reset": 0}
  ],
  "decryption": "none",
  "fallbacks": [
    {"name": "", "alpn": "", "path": "/ws", "dest": "127.0.0.1:2083", "xver": 0},
    {"dest": "8080"}
  ]
}','{
  "network": "tcp",
  "security": "tls",
  "tlsSettings": {"serverName": "front.example.com", "minVersion": "1.2", "certificates": [{"certificateFile": "/root/cert/front.example.com/fullchain.pem", "keyFile": "/root/cert/front.example.com/privkey.pem"}]},
  "tcpSettings": {"header": {"type": "none"}}
}','inbound-2053','{"enabled": true, "destOverride": ["http", "tls"]}','{"strategy": "always", "refresh": 5, "concurrency": 3}');
INSERT INTO inbounds VALUES(4,1,0,0,0,0,'behind-front',1,0,'never',0,'127.0.0.1',2083,'vless','{
  "clients": [
    {"id": "8192a3b4-c5d6-47e8-b9f0-1a2b3c4d5e6f", "flow": "", "email": "frank", "limitIp": 1, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "z9y8x7w6v5u4t3s2", "comment": "", "reset": 0}
  ],
  "decryption": "none",
  "fallbacks": []
}','{"network": "ws", "security": "none", "wsSettings": {"path": "/ws", "headers": {}}}','inbound-127.0.0.1:2083','{"enabled": true, "destOverride": ["http", "tls"]}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 5: mKCP runs over UDP.
INSERT INTO inbounds VALUES(5,1,0,0,0,0,'gamer-kcp',1,0,'monthly',1761955200,'',30000,'vmess','{
  "clients": [
    {"id": "92a3b4c5-d6e7-48f9-8a0b-1c2d3e4f5a6b", "security": "auto", "email": "gina", "limitIp": 1, "totalGB": 53687091200, "expiryTime": 0, "enable": true, "tgId": "", "subId": "m1n2b3v4c5x6z7l8", "comment": "", "reset": 30}
  ]
}','{
  "network": "kcp",
  "security": "none",
  "kcpSettings": {"mtu": 1350, "tti": 20, "uplinkCapacity": 5, "downlinkCapacity": 20, "congestion": false, "readBufferSize": 2, "writeBufferSize": 2, "header": {"type": "wechat-video"}, "seed": "r3Xq0L"}
}','inbound-30000','{"enabled": true, "destOverride": ["http", "tls"]}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 6: Shadowsocks 2022 multi-user on TCP and UDP.
INSERT INTO inbounds VALUES(6,1,0,0,0,0,'ss-2022',1,0,'never',0,'',8388,'shadowsocks','{
  "method": "2022-blake3-aes-256-gcm",
  "password": "4pL8mA2yQv5nJ0xT7cR3wE9sB6kF1hD4gU8iO2zV5bM=",
  "network": "tcp,udp",
  "clients": [
    {"method": "", "password": "Qm5vT2xZcjhKa0w0UDd3RTljWjNnSDZ5QjFuTTRrUjg=", "email": "hana", "limitIp": 2, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "q1w2e3r4t5y6u7i8", "comment": "", "reset": 0}
  ],
  "ivCheck": false
}','{"network": "tcp", "security": "none", "tcpSettings": {"header": {"type": "none"}}}','inbound-8388','{"enabled": true, "destOverride": ["http", "tls"]}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 7: switched off in the panel.
INSERT INTO inbounds VALUES(7,1,0,0,0,0,'expired-trojan',0,1735689600000,'never',0,'',9443,'trojan','{
  "clients": [
    {"password": "t0pS3cretTrojan", "email": "ivan", "limitIp": 0, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "o9i8u7y6t5r4e3w2", "comment": "", "reset": 0}
  ],
  "fallbacks": []
}','{"network": "tcp", "security": "tls", "tlsSettings": {"serverName": "", "certificates": []}}','inbound-9443','{"enabled": true, "destOverride": ["http", "tls"]}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 8: a remark with a tab, a newline and far more than 64 characters (Persian).
INSERT INTO inbounds VALUES(8,1,0,0,0,0,'حساب ویژه' || char(9) || 'مشتری' || char(10) || 'تهران ' || 'سرور اصلی برای مشتریان ویژه با ترافیک نامحدود و پشتیبانی شبانه روزی', 1,0,'never',0,'',2096,'vless','{
  "clients": [
    {"id": "a3b4c5d6-e7f8-49a0-9b1c-2d3e4f5a6b7c", "flow": "", "email": "jamshid", "limitIp": 0, "totalGB": 0, "expiryTime": 0, "enable": true, "tgId": "", "subId": "l0k9j8h7g6f5d4s3", "comment": "", "reset": 0}
  ],
  "decryption": "none",
  "fallbacks": []
}','{"network": "grpc", "security": "none", "grpcSettings": {"serviceName": "svc", "multiMode": false}}','inbound-2096','{"enabled": true, "destOverride": ["http", "tls"]}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 9: a port forward, not an account.
INSERT INTO inbounds VALUES(9,1,0,0,0,0,'dns-forward',1,0,'never',0,'',5353,'dokodemo-door','{"address": "1.1.1.1", "port": 53, "network": "tcp,udp", "followRedirect": false}','{"network": "tcp", "security": "none"}','inbound-5353','{"enabled": false, "destOverride": []}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

-- 10: WireGuard is UDP and has peers, not clients.
INSERT INTO inbounds VALUES(10,1,0,0,0,0,'wg',1,0,'never',0,'',51820,'wireguard','{
  "mtu": 1420,
  "secretKey": "cGxhY2Vob2xkZXIta2V5LW5vdC1yZWFsLTAxMjM0NTY=",
  "peers": [{"privateKey": "b3RoZXItcGxhY2Vob2xkZXIta2V5LTAxMjM0NTY3ODk=", "publicKey": "cHVibGljLXBsYWNlaG9sZGVyLWtleS0wMTIzNDU2Nzg=", "allowedIPs": ["10.0.0.2/32"], "keepAlive": 0}],
  "noKernelTun": false
}','','inbound-51820','{"enabled": false, "destOverride": []}','{"strategy": "always", "refresh": 5, "concurrency": 3}');

INSERT INTO client_traffics VALUES(1,1,1,'alice',1048576,52428800,53477376,0,0,0,1761955200000);
INSERT INTO client_traffics VALUES(2,1,1,'bob',0,0,0,0,0,0,0);
INSERT INTO client_traffics VALUES(3,1,0,'carol',0,0,0,0,0,0,0);
INSERT INTO client_traffics VALUES(4,2,1,'dave@example.org',0,0,0,0,0,0,0);
INSERT INTO client_traffics VALUES(5,3,1,'erin',0,0,0,0,0,0,0);
INSERT INTO client_traffics VALUES(6,4,1,'frank',0,0,0,0,0,0,0);
INSERT INTO client_traffics VALUES(7,5,1,'gina',0,0,0,0,53687091200,30,0);
INSERT INTO client_traffics VALUES(8,6,1,'hana',0,0,0,0,0,0,0);
INSERT INTO client_traffics VALUES(9,7,1,'ivan',0,0,0,0,0,0,0);
INSERT INTO client_traffics VALUES(10,8,1,'jamshid',0,0,0,0,0,0,0);
INSERT INTO inbound_client_ips VALUES(1,'alice','["203.0.113.7","198.51.100.23"]');
INSERT INTO settings VALUES(1,'webPort','2053');
INSERT INTO settings VALUES(2,'webBasePath','/p4n3l/');
INSERT INTO settings VALUES(3,'xrayTemplateConfig','{}');
COMMIT;
