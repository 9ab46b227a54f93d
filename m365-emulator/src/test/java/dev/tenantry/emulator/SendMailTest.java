package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.models.BodyType;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.ItemBody;
import com.microsoft.graph.models.Message;
import com.microsoft.graph.models.Recipient;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.sendmail.SendMailPostRequestBody;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.mail.SentMail;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code sendMail} through the real Graph SDK, the sent-mail store (Java and HTTP), and delivery into inboxes. */
class SendMailTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    DirectoryUser adele;
    DirectoryUser megan;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        callers = new GraphCallers(emulator, "7f3b9e12-4c68-4d2a-91e5-b0a6d3c8f427", "mail-tests-secret");
        contoso = emulator.tenant("contoso.example");
        adele = contoso.user("adele.vance@contoso.example").orElseThrow();
        megan = contoso.user("megan.bowen@contoso.example").orElseThrow();
    }

    @Test
    void aSignedInUserSendsAsThemselvesAndTheMessageIsKeptAndDelivered() throws Exception {
        GraphServiceClient graph = callers.graph(callers.delegated(contoso, adele, "Mail.Send"));

        graph.me().sendMail().post(mail("Your new account", "megan.bowen@contoso.example", "outside@partner.example"));
        graph.users().byUserId(adele.id()).sendMail().post(mail("Second", "outside@partner.example"));

        List<SentMail> sent = emulator.sentMail();
        assertEquals(2, sent.size());
        assertEquals(contoso.id(), sent.get(0).tenant());
        assertEquals("adele.vance@contoso.example", sent.get(0).from());
        assertEquals("Your new account", sent.get(0).subject());
        assertEquals("html", sent.get(0).contentType());
        assertEquals("<p>Welcome</p>", sent.get(0).body());
        assertEquals(1, emulator.sentMailTo("megan.bowen@contoso.example").size());
        assertEquals(2, emulator.sentMailTo("OUTSIDE@partner.example").size());

        HttpResponse<String> page = callers.http().send(HttpRequest.newBuilder(URI.create(
                emulator.identityBaseUrl() + "/emulator/mail?to=megan.bowen@contoso.example")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        JsonNode listed = Json.parse(page.body()).path("value");
        assertEquals(1, listed.size());
        assertEquals("Your new account", listed.get(0).path("subject").asText());

        String reader = callers.delegated(contoso, megan, "Mail.Read");
        JsonNode inbox = Json.parse(callers.call(reader, "GET", "/me/messages", null).body());
        assertEquals("Your new account", inbox.path("value").get(0).path("subject").asText());
        assertEquals("adele.vance@contoso.example", inbox.path("value").get(0).path("from").path("emailAddress")
                .path("address").asText());
        assertEquals(403, callers.call(reader, "GET", "/users/" + adele.id() + "/messages", null).statusCode());
    }

    @Test
    void delegatedMailSendCannotSendAsAnotherUserButTheApplicationPermissionCan() throws Exception {
        GraphServiceClient delegated = callers.graph(callers.delegated(contoso, adele, "Mail.Send"));
        ODataError denied = assertThrows(ODataError.class, () -> delegated.users().byUserId(megan.id()).sendMail()
                .post(mail("As Megan", "outside@partner.example")));
        assertEquals(403, denied.getResponseStatusCode());
        assertEquals("ErrorAccessDenied", denied.getError().getCode());

        GraphServiceClient app = callers.graph(callers.appOnly(contoso, "Mail.Send"));
        app.users().byUserId("megan.bowen@contoso.example").sendMail().post(mail("From the app",
                "outside@partner.example"));
        assertEquals("megan.bowen@contoso.example", emulator.sentMail().get(0).from());

        GraphServiceClient reader = callers.graph(callers.appOnly(emulator.tenant("fabrikam.example"),
                "User.Read.All"));
        assertEquals(403, assertThrows(ODataError.class, () -> reader.users().byUserId("patti.fernandez@fabrikam"
                + ".example").sendMail().post(mail("No", "outside@partner.example"))).getResponseStatusCode());
    }

    @Test
    void aSenderWithoutAMailboxGetsExchangesError() throws Exception {
        DirectoryUser unlicensed = callers.user(contoso, "unlicensed");
        GraphServiceClient graph = callers.graph(callers.delegated(contoso, unlicensed, "Mail.Send"));
        ODataError error = assertThrows(ODataError.class, () -> graph.me().sendMail().post(mail("Hello",
                "outside@partner.example")));
        assertEquals("MailboxNotEnabledForRESTAPI", error.getError().getCode());
        assertTrue(emulator.sentMail().isEmpty());

        HttpResponse<String> cleared = callers.http().send(HttpRequest.newBuilder(URI.create(
                emulator.identityBaseUrl() + "/emulator/mail")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, cleared.statusCode());
    }

    private static SendMailPostRequestBody mail(String subject, String... to) {
        Message message = new Message();
        message.setSubject(subject);
        ItemBody body = new ItemBody();
        body.setContentType(BodyType.Html);
        body.setContent("<p>Welcome</p>");
        message.setBody(body);
        message.setToRecipients(java.util.Arrays.stream(to).map(address -> {
            EmailAddress email = new EmailAddress();
            email.setAddress(address);
            Recipient recipient = new Recipient();
            recipient.setEmailAddress(email);
            return recipient;
        }).toList());
        SendMailPostRequestBody request = new SendMailPostRequestBody();
        request.setMessage(message);
        request.setSaveToSentItems(false);
        return request;
    }
}
