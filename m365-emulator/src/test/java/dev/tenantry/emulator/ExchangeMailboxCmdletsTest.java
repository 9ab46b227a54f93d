package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mailbox cmdlets of Exchange Online's admin API, with tokens the real MSAL4J obtained for Exchange Online. */
class ExchangeMailboxCmdletsTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    String token;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() throws Exception {
        emulator.reset();
        callers = new GraphCallers(emulator, "2c8e5f13-9a47-4b06-8d1e-f3a7c9b2d560", "mailbox-tests-secret");
        contoso = emulator.tenant("contoso.example");
        token = callers.appOnlyExchange(contoso);
    }

    @Test
    void getMailboxListsLicensedUsersAndFindsOneByAnyOfItsNames() throws Exception {
        callers.user(contoso, "unlicensed");
        JsonNode all = value(invoke(token, "Get-Mailbox", "{\"ResultSize\": \"Unlimited\"}"));
        assertEquals(4, all.size(), "the four licensed users; an unlicensed one has no mailbox");
        JsonNode adele = value(invoke(token, "Get-Mailbox", "{\"Identity\": \"Adele Vance\"}")).get(0);
        assertEquals("adele.vance@contoso.example", adele.path("UserPrincipalName").asText());
        assertEquals("adele.vance@contoso.example", adele.path("PrimarySmtpAddress").asText());
        assertEquals("UserMailbox", adele.path("RecipientTypeDetails").asText());
        assertEquals(1, value(invoke(token, "Get-Mailbox", "{\"ResultSize\": 1}")).size());

        HttpResponse<String> unknown = invoke(token, "Get-Mailbox", "{\"Identity\": \"nobody@contoso.example\"}");
        assertEquals(404, unknown.statusCode());
        assertTrue(Json.parse(unknown.body()).path("error").path("message").asText().contains("The operation "
                + "couldn't be performed because object 'nobody@contoso.example' couldn't be found on '"));
    }

    @Test
    void setMailboxConvertsForwardsHidesAndGrantsSendOnBehalf() throws Exception {
        assertEquals(200, invoke(token, "Set-Mailbox", "{\"Identity\": \"adele.vance@contoso.example\", \"Type\": "
                + "\"Shared\", \"GrantSendOnBehalfTo\": [\"lee.gu@contoso.example\"], \"ForwardingSmtpAddress\": "
                + "\"archive@partner.example\", \"DeliverToMailboxAndForward\": true, "
                + "\"HiddenFromAddressListsEnabled\": true}").statusCode());
        invoke(token, "Set-Mailbox", "{\"Identity\": \"adele.vance\", \"GrantSendOnBehalfTo\": {\"Add\": "
                + "[\"megan.bowen@contoso.example\"], \"Remove\": [\"lee.gu@contoso.example\"]}}");
        JsonNode adele = value(invoke(token, "Get-Mailbox", "{\"Identity\": \"adele.vance\"}")).get(0);
        assertEquals("SharedMailbox", adele.path("RecipientTypeDetails").asText());
        assertEquals("[\"megan.bowen\"]", adele.path("GrantSendOnBehalfTo").toString());
        assertEquals("smtp:archive@partner.example", adele.path("ForwardingSmtpAddress").asText());
        assertTrue(adele.path("DeliverToMailboxAndForward").asBoolean());
        assertTrue(adele.path("HiddenFromAddressListsEnabled").asBoolean());
        assertEquals(1, value(invoke(token, "Get-Mailbox", "{\"RecipientTypeDetails\": \"SharedMailbox\"}")).size());

        invoke(token, "Set-Mailbox", "{\"Identity\": \"adele.vance\", \"ForwardingSmtpAddress\": null}");
        assertTrue(value(invoke(token, "Get-Mailbox", "{\"Identity\": \"adele.vance\"}")).get(0)
                .path("ForwardingSmtpAddress").isNull());
        assertEquals(400, invoke(token, "Set-Mailbox", "{\"Identity\": \"adele.vance\", \"Colour\": \"red\"}")
                .statusCode());
    }

    @Test
    void fullAccessAndSendAsAreAddedListedAndRemovedAndADuplicateOnlyWarns() throws Exception {
        String add = "{\"Identity\": \"adele.vance@contoso.example\", \"User\": \"lee.gu@contoso.example\", "
                + "\"AccessRights\": [\"FullAccess\"], \"AutoMapping\": false, \"InheritanceType\": \"All\"}";
        assertEquals("FullAccess", value(invoke(token, "Add-MailboxPermission", add)).get(0).path("AccessRights")
                .get(0).asText());
        JsonNode duplicate = Json.parse(invoke(token, "Add-MailboxPermission", add).body());
        assertTrue(duplicate.path("@adminapi.warnings").get(0).asText().contains("already present"));
        assertEquals(2, value(invoke(token, "Get-MailboxPermission", "{\"Identity\": \"adele.vance\"}")).size(),
                "SELF and Lee");
        assertEquals(200, invoke(token, "Remove-MailboxPermission", "{\"Identity\": \"adele.vance\", \"User\": "
                + "\"lee.gu\", \"AccessRights\": \"FullAccess\", \"InheritanceType\": \"All\", \"Confirm\": false}")
                .statusCode());
        assertEquals(1, value(invoke(token, "Get-MailboxPermission", "{\"Identity\": \"adele.vance\"}")).size());

        String sendAs = "{\"Identity\": \"adele.vance\", \"Trustee\": \"megan.bowen@contoso.example\", "
                + "\"AccessRights\": \"SendAs\", \"Confirm\": false}";
        assertEquals("Allow", value(invoke(token, "Add-RecipientPermission", sendAs)).get(0)
                .path("AccessControlType").asText());
        assertTrue(Json.parse(invoke(token, "Add-RecipientPermission", sendAs).body()).has("@adminapi.warnings"));
        assertEquals("megan.bowen@contoso.example", value(invoke(token, "Get-RecipientPermission", "{\"Identity\": "
                + "\"adele.vance\", \"Trustee\": \"megan.bowen\"}")).get(0).path("Trustee").asText());
        invoke(token, "Remove-RecipientPermission", sendAs);
        assertEquals(1, value(invoke(token, "Get-RecipientPermission", "{\"Identity\": \"adele.vance\"}")).size());
        assertEquals(404, invoke(token, "Add-RecipientPermission", "{\"Identity\": \"adele.vance\", \"Trustee\": "
                + "\"ghost\", \"AccessRights\": \"SendAs\"}").statusCode());
    }

    @Test
    void automaticRepliesAreScheduledAndRead() throws Exception {
        assertEquals("Disabled", value(invoke(token, "Get-MailboxAutoReplyConfiguration", "{\"Identity\": "
                + "\"adele.vance\"}")).get(0).path("AutoReplyState").asText());
        assertEquals(200, invoke(token, "Set-MailboxAutoReplyConfiguration", "{\"Identity\": \"adele.vance\", "
                + "\"AutoReplyState\": \"Scheduled\", \"InternalMessage\": \"Away\", \"ExternalMessage\": \"Out\", "
                + "\"StartTime\": \"2026-12-20T00:00:00Z\", \"EndTime\": \"2027-01-04T00:00:00Z\"}").statusCode());
        JsonNode config = value(invoke(token, "Get-MailboxAutoReplyConfiguration", "{\"Identity\": "
                + "\"adele.vance@contoso.example\"}")).get(0);
        assertEquals("Scheduled", config.path("AutoReplyState").asText());
        assertEquals("Away", config.path("InternalMessage").asText());
        assertEquals("2027-01-04T00:00:00Z", config.path("EndTime").asText());
        assertEquals(400, invoke(token, "Set-MailboxAutoReplyConfiguration", "{\"Identity\": \"adele.vance\", "
                + "\"AutoReplyState\": \"Sometimes\"}").statusCode());
    }

    @Test
    void delegatedCallersNeedExchangeManageAndTheExchangeAdministratorRole() throws Exception {
        String exchangeAdministrator = callers.delegatedExchange(contoso, callers.user(contoso, "exchange-admin",
                DirectoryRoles.EXCHANGE_ADMINISTRATOR), "Exchange.Manage");
        String userAdministrator = callers.delegatedExchange(contoso, callers.user(contoso, "user-admin",
                DirectoryRoles.USER_ADMINISTRATOR), "Exchange.Manage");
        String[][] cmdlets = {{"Get-Mailbox", "{}"}, {"Set-Mailbox", "{\"Identity\": \"adele.vance\", "
            + "\"HiddenFromAddressListsEnabled\": true}"}, {"Get-MailboxPermission", "{\"Identity\": \"adele.vance\"}"},
            {"Add-MailboxPermission", "{\"Identity\": \"adele.vance\", \"User\": \"lee.gu\", \"AccessRights\": "
                + "\"FullAccess\"}"}, {"Remove-MailboxPermission", "{\"Identity\": \"adele.vance\", \"User\": "
                + "\"lee.gu\", \"AccessRights\": \"FullAccess\"}"}, {"Get-RecipientPermission", "{\"Identity\": "
                + "\"adele.vance\"}"}, {"Add-RecipientPermission", "{\"Identity\": \"adele.vance\", \"Trustee\": "
                + "\"lee.gu\", \"AccessRights\": \"SendAs\"}"}, {"Remove-RecipientPermission", "{\"Identity\": "
                + "\"adele.vance\", \"Trustee\": \"lee.gu\", \"AccessRights\": \"SendAs\"}"},
            {"Set-MailboxAutoReplyConfiguration", "{\"Identity\": \"adele.vance\", \"AutoReplyState\": \"Enabled\"}"},
            {"Get-MailboxAutoReplyConfiguration", "{\"Identity\": \"adele.vance\"}"}};
        for (String[] cmdlet : cmdlets) {
            assertEquals(403, invoke(userAdministrator, cmdlet[0], cmdlet[1]).statusCode(), cmdlet[0]);
            assertEquals(200, invoke(exchangeAdministrator, cmdlet[0], cmdlet[1]).statusCode(), cmdlet[0]);
        }
    }

    private HttpResponse<String> invoke(String bearer, String cmdlet, String parameters) throws Exception {
        return callers.http().send(HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl() + "/adminapi/beta/"
                + contoso.id() + "/InvokeCommand")).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"CmdletInput\": {\"CmdletName\": \"" + cmdlet + "\", \"Parameters\": " + parameters + "}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode value(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body()).path("value");
    }
}
