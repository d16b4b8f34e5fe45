-- An x-ui (vaxilu/x-ui 0.3.x) panel database: the tables as its GORM models create them in SQLite,
-- one client per inbound, no e-mails, no limitIp. Fed to sqlite3 by the tests.
PRAGMA foreign_keys = OFF;
BEGIN TRANSACTION;
CREATE TABLE `users` (`id` integer,`username` text,`password` text,PRIMARY KEY (`id`));
INSERT INTO users VALUES(1,'admin','admin');
CREATE TABLE `inbounds` (`id` integer,`user_id` integer,`up` integer,`down` integer,`total` integer,`remark` text,`enable` numeric,`expiry_time` integer,`listen` text,`port` integer UNIQUE,`protocol` text,`settings` text,`stream_settings` text,`tag` text UNIQUE,`sniffing` text,PRIMARY KEY (`id`));
INSERT INTO inbounds VALUES(1,1,1048576,73400320,0,'ali-phone',1,0,'',23456,'vmess','{
  "clients": [
    {
      "id": "6f1a3b2e-0c4d-4f5a-9b8c-1d2e3f405162",
      "alterId": 0
    }
  ],
  "disableInsecureEncryption": false
}','{
  "network": "ws",
  "security": "none",
  "wsSettings": {
    "path": "/",
    "headers": {}
  }
}','inbound-23456','{
  "enabled": true,
  "destOverride": [
    "http",
    "tls"
  ]
}');
INSERT INTO inbounds VALUES(2,1,0,0,107374182400,'shop-vless',1,1767225600000,'',443,'vless','{
  "clients": [
    {
      "id": "0b7e4c1d-2a3f-4e5d-8c9b-a0b1c2d3e4f5",
      "flow": "xtls-rprx-direct"
    }
  ],
  "decryption": "none",
  "fallbacks": []
}','{
  "network": "tcp",
  "security": "xtls",
  "xtlsSettings": {
    "serverName": "shop.example.com",
    "certificates": [
      {
        "certificateFile": "/root/cert/fullchain.cer",
        "keyFile": "/root/cert/shop.example.com.key"
      }
    ]
  },
  "tcpSettings": {
    "header": {
      "type": "none"
    }
  }
}','inbound-443','{
  "enabled": true,
  "destOverride": [
    "http",
    "tls"
  ]
}');
INSERT INTO inbounds VALUES(3,1,0,0,0,'gamer-kcp',1,0,'',34567,'vmess','{
  "clients": [
    {
      "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
      "alterId": 0
    }
  ],
  "disableInsecureEncryption": false
}','{
  "network": "kcp",
  "security": "none",
  "kcpSettings": {
    "mtu": 1350,
    "tti": 20,
    "uplinkCapacity": 5,
    "downlinkCapacity": 20,
    "congestion": false,
    "readBufferSize": 2,
    "writeBufferSize": 2,
    "header": {
      "type": "none"
    },
    "seed": "Ql9kXq3aZv"
  }
}','inbound-34567','{
  "enabled": true,
  "destOverride": [
    "http",
    "tls"
  ]
}');
INSERT INTO inbounds VALUES(4,1,0,0,0,'old-trojan',0,0,'',8443,'trojan','{
  "clients": [
    {
      "password": "p4ssw0rd-trojan",
      "flow": "xtls-rprx-direct"
    }
  ],
  "fallbacks": []
}','{
  "network": "tcp",
  "security": "tls",
  "tlsSettings": {
    "serverName": "",
    "certificates": [
      {
        "certificateFile": "",
        "keyFile": ""
      }
    ]
  }
}','inbound-8443','{
  "enabled": true,
  "destOverride": [
    "http",
    "tls"
  ]
}');
INSERT INTO inbounds VALUES(5,1,0,0,0,'ss-family',1,0,'',12345,'shadowsocks','{
  "method": "chacha20-poly1305",
  "password": "Vb2sTq9xLk",
  "network": "tcp,udp"
}','{
  "network": "tcp",
  "security": "none",
  "tcpSettings": {
    "header": {
      "type": "none"
    }
  }
}','inbound-12345','{
  "enabled": true,
  "destOverride": [
    "http",
    "tls"
  ]
}');
INSERT INTO inbounds VALUES(6,1,0,0,0,'forward',1,0,'',5353,'dokodemo-door','{
  "address": "1.1.1.1",
  "port": 53,
  "network": "tcp,udp",
  "followRedirect": false
}','{
  "network": "tcp",
  "security": "none"
}','inbound-5353','{
  "enabled": false,
  "destOverride": [
    "http",
    "tls"
  ]
}');
CREATE TABLE `settings` (`id` integer,`key` text,`value` text,PRIMARY KEY (`id`));
INSERT INTO settings VALUES(1,'webPort','54321');
INSERT INTO settings VALUES(2,'secret','q8LmZ2Xr0aT5vYp1sNc4');
COMMIT;
