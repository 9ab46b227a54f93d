package dev.tenantry.emulator.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every message sent, in order, and the inboxes of emulated users who received one. Thread-safe. */
public final class MailStore {

    private final List<SentMail> sent = new CopyOnWriteArrayList<>();
    private final Map<String, List<ObjectNode>> inboxes = new ConcurrentHashMap<>();

    public void sent(SentMail mail) {
        sent.add(mail);
    }

    /** Every message sent since the start (or the last {@link #clear()}), oldest first. */
    public List<SentMail> all() {
        return List.copyOf(sent);
    }

    /** Messages one of whose recipients is {@code address}, oldest first. */
    public List<SentMail> to(String address) {
        return sent.stream().filter(mail -> mail.isFor(address)).toList();
    }

    /** Puts a Graph {@code message} into the inbox of a user of a tenant. */
    public void deliver(String tenantId, String userId, ObjectNode message) {
        inboxes.computeIfAbsent(key(tenantId, userId), any -> new CopyOnWriteArrayList<>()).add(message);
    }

    /** The user's inbox, newest first (as Graph lists messages), as copies. */
    public List<ObjectNode> inbox(String tenantId, String userId) {
        List<ObjectNode> messages = new ArrayList<>();
        inboxes.getOrDefault(key(tenantId, userId), List.of()).forEach(message -> messages.add(0,
                message.deepCopy()));
        return messages;
    }

    public void clear() {
        sent.clear();
        inboxes.clear();
    }

    /** The sent messages as {@code GET /emulator/mail} answers them. */
    public static ObjectNode json(List<SentMail> messages) {
        ObjectNode answer = Json.object();
        ArrayNode value = answer.putArray("value");
        for (SentMail mail : messages) {
            ObjectNode item = value.addObject().put("tenant", mail.tenant()).put("from", mail.from());
            mail.to().forEach(item.putArray("to")::add);
            mail.cc().forEach(item.putArray("cc")::add);
            mail.bcc().forEach(item.putArray("bcc")::add);
            item.put("subject", mail.subject()).put("contentType", mail.contentType()).put("body", mail.body())
                    .put("sentAt", mail.sentAt().toString()).put("savedToSentItems", mail.savedToSentItems());
        }
        return answer;
    }

    private static String key(String tenantId, String userId) {
        return tenantId + "|" + userId;
    }
}
