package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginNotifications;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plugin notifications for plugins' tests: what the plugin queued, kept in order and never sent. Links point at
 * {@code https://portal.test}.
 */
public final class MemoryNotifications implements PluginNotifications {

    /** A queued mail. */
    public record Mail(String id, List<String> to, String subject, String text) {
    }

    /** A queued webhook, with the secret it was to be signed with. */
    public record Webhook(String id, URI url, String secret, String json) {
    }

    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private final List<Webhook> webhooks = new CopyOnWriteArrayList<>();

    @Override
    public String mail(List<String> to, String subject, String text) {
        if (to == null || to.isEmpty() || subject == null || subject.isBlank() || subject.contains("\n")) {
            throw new IllegalArgumentException("A mail needs recipients and a subject of one line");
        }
        String id = "mail-" + (mails.size() + webhooks.size() + 1);
        mails.add(new Mail(id, List.copyOf(to), subject, text));
        return id;
    }

    @Override
    public String webhook(URI url, String secret, String json) {
        if (url == null || !"https".equals(url.getScheme()) || secret == null || secret.length() < 24) {
            throw new IllegalArgumentException("A webhook goes to an https:// address with a secret of 24 characters");
        }
        String id = "msg_" + (mails.size() + webhooks.size() + 1);
        webhooks.add(new Webhook(id, url, secret, json));
        return id;
    }

    @Override
    public URI link(String path) {
        return URI.create("https://portal.test" + path);
    }

    @Override
    public Optional<Delivery> delivery(String deliveryId) {
        boolean known = mails.stream().anyMatch(m -> m.id().equals(deliveryId))
                || webhooks.stream().anyMatch(w -> w.id().equals(deliveryId));
        return known ? Optional.of(new Delivery(deliveryId, deliveryId.startsWith("mail") ? "MAIL" : "WEBHOOK", "",
                "QUEUED", 0, Instant.EPOCH, null, null, "")) : Optional.empty();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    public List<Webhook> webhooks() {
        return List.copyOf(webhooks);
    }

    public void clear() {
        mails.clear();
        webhooks.clear();
    }
}
