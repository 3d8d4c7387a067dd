-- docker compose: one database per service, created on the first start of the volume.
CREATE DATABASE auth;
CREATE DATABASE chat;
CREATE DATABASE realtime;
CREATE DATABASE notifications;
