package dev.tenantry.portal.notify.internal;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends plain-text mail through the configured SMTP server (Jakarta Mail). */
public class MailTransport {

    /** The server's SMTP settings; {@code host} empty: no mail server configured. */
    public record Settings(Optional<String> host, int port, boolean startTls, Optional<String> user,
            Optional<String> password, String from) {

        public boolean configured() {
            return host.filter(value -> !value.isBlank()).isPresent();
        }
    }

    private final Settings settings;

    public MailTransport(Settings settings) {
        this.settings = settings;
    }

    public boolean configured() {
        return settings.configured();
    }

    /**
     * Whether Jakarta Mail's SMTP protocol trace is on, which logs everything sent, each mail's text included: the
     * logger {@code <package of the SMTP transport>.protocol} ({@code org.eclipse.angus.mail.smtp.protocol}) at FINEST.
     */
    public boolean traced() {
        try {
            String transport = Session.getInstance(new Properties()).getTransport("smtp").getClass()
                    .getPackageName();
            return Logger.getLogger(transport + ".protocol").isLoggable(Level.FINEST);
        } catch (NoSuchProviderException e) {
            return false;
        }
    }

    public void send(String id, String to, String subject, String text) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", settings.host().orElseThrow());
        properties.put("mail.smtp.port", Integer.toString(settings.port()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "20000");
        properties.put("mail.smtp.writetimeout", "20000");
        if (settings.startTls()) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        Authenticator authenticator = null;
        if (settings.user().isPresent()) {
            properties.put("mail.smtp.auth", "true");
            String user = settings.user().get();
            String password = settings.password().orElse("");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        Session session = Session.getInstance(properties, authenticator);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from(), true));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(text, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("X-Tenantry-Delivery", id);
        Transport.send(message);
    }
}
