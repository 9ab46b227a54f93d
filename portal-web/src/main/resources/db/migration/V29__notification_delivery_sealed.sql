-- Secret mail (a new password mailed through Tenantry's mail server, PluginNotifications.secretMail): its body is kept
-- sealed (AES-GCM with the installation's keys, the delivery's id bound in), never in clear; it is erased (NULL) as
-- soon as the mail was sent or given up, and the mail is given up at expires_at (an hour after it was queued unless
-- tenantry.notifications.secret-mail-lifetime says otherwise), also while it waits for a mail server (HELD).
ALTER TABLE notification_delivery ADD COLUMN sealed BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE notification_delivery ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE notification_delivery ALTER COLUMN body DROP NOT NULL;
