package dev.tenantry.plugins.usermanagement.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonParser;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserRegistrationDetailsCollectionResponse;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.kiota.serialization.JsonParseNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sync's own models read what the SDK's {@code User} and registration details read from the same answer. */
class SyncedUserTest {

    private static final String DELTA_PAGE = """
            {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
             "@odata.nextLink": "https://graph.microsoft.com/v1.0/users/delta?$skiptoken=abc",
             "value": [
              {"id": "6e7b768e-07e2-4810-8459-485f84f8f204", "displayName": "Megan Bowen",
               "userPrincipalName": "MeganB@contoso.example", "mail": "MeganB@contoso.example",
               "accountEnabled": true, "userType": "Member", "department": "Marketing", "jobTitle": "Marketing Manager",
               "usageLocation": "US", "createdDateTime": "2024-03-01T10:15:30Z", "onPremisesSyncEnabled": null,
               "assignedLicenses": [{"disabledPlans": [], "skuId": "C7DF2760-2C81-4EF7-B578-5B5392B571DF"}],
               "signInActivity": {"lastSignInDateTime": "2026-11-30T08:00:00Z", "lastSignInRequestId": "r1",
                 "lastNonInteractiveSignInDateTime": "2026-12-01T09:30:00Z"},
               "deletedDateTime": "2026-12-02T00:00:00Z", "businessPhones": ["+1 555 0100"]},
              {"id": "2b5e0b4a-5d42-4c5c-a3a7-5e1ad8f0e1b6", "@removed": {"reason": "deleted"}}
             ]}""";

    private static final String REGISTRATION_PAGE = """
            {"value": [{"id": "6e7b768e-07e2-4810-8459-485f84f8f204", "userPrincipalName": "MeganB@contoso.example",
              "isAdmin": false, "isMfaRegistered": true, "isMfaCapable": true,
              "methodsRegistered": ["microsoftAuthenticatorPush", "softwareOneTimePasscode"],
              "userType": "member", "lastUpdatedDateTime": "2026-11-01T00:00:00Z"}],
             "@odata.nextLink": "https://graph.microsoft.com/v1.0/reports/next"}""";

    @Test
    void aPageOfUsersReadsAsTheSdksUsersDo() {
        ProjectionPage<SyncedUser> page = new JsonParseNode(JsonParser.parseString(DELTA_PAGE))
                .getObjectValue(ProjectionPage.of(SyncedUser::create));
        DeltaGetResponse sdk = new JsonParseNode(JsonParser.parseString(DELTA_PAGE))
                .getObjectValue(DeltaGetResponse::createFromDiscriminatorValue);
        assertEquals(sdk.getOdataNextLink(), page.getOdataNextLink());
        assertEquals(2, page.getValue().size());
        SyncedUser megan = page.getValue().get(0);
        User expected = sdk.getValue().get(0);
        assertEquals(expected.getId(), megan.getId());
        assertEquals(expected.getDisplayName(), megan.getDisplayName());
        assertEquals(expected.getUserPrincipalName(), megan.getUserPrincipalName());
        assertEquals(expected.getMail(), megan.getMail());
        assertEquals(expected.getAccountEnabled(), megan.getAccountEnabled());
        assertEquals(expected.getUserType(), megan.getUserType());
        assertEquals(expected.getDepartment(), megan.getDepartment());
        assertEquals(expected.getJobTitle(), megan.getJobTitle());
        assertEquals(expected.getUsageLocation(), megan.getUsageLocation());
        assertEquals(expected.getCreatedDateTime(), megan.getCreatedDateTime());
        assertEquals(expected.getOnPremisesSyncEnabled(), megan.getOnPremisesSyncEnabled());
        assertEquals(expected.getDeletedDateTime(), megan.getDeletedDateTime());
        assertEquals(expected.getSignInActivity().getLastSignInDateTime(),
                megan.getSignInActivity().getLastSignInDateTime());
        assertEquals(expected.getSignInActivity().getLastNonInteractiveSignInDateTime(),
                megan.getSignInActivity().getLastNonInteractiveSignInDateTime());
        // The SKU id as the SDK's UUID writes it, which is how the subscriptions' ids are kept
        assertEquals(List.of(String.valueOf(expected.getAssignedLicenses().get(0).getSkuId())),
                megan.getAssignedLicenses().stream().map(SyncedUser.Licence::getSkuId).toList());
        assertEquals("c7df2760-2c81-4ef7-b578-5b5392b571df", megan.getAssignedLicenses().get(0).getSkuId());
        assertNull(DirectorySync.removedReason(megan));

        SyncedUser removed = page.getValue().get(1);
        assertEquals("deleted", DirectorySync.removedReason(removed));
        assertNull(removed.getAssignedLicenses(), "a delta change that leaves licences alone does not carry them");
    }

    @Test
    void theLastDeltaPageCarriesTheDeltaLink() {
        String last = "{\"value\": [], "
                + "\"@odata.deltaLink\": \"https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x\"}";
        ProjectionPage<SyncedUser> page = new JsonParseNode(JsonParser.parseString(last))
                .getObjectValue(ProjectionPage.of(SyncedUser::create));
        assertEquals("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x", page.getOdataDeltaLink());
        assertNull(page.getOdataNextLink());
    }

    @Test
    void aPageOfRegistrationsReadsAsTheSdksDo() {
        ProjectionPage<SyncedRegistration> page = new JsonParseNode(JsonParser.parseString(
                REGISTRATION_PAGE)).getObjectValue(ProjectionPage.of(SyncedRegistration::create));
        UserRegistrationDetailsCollectionResponse sdk = new JsonParseNode(JsonParser.parseString(REGISTRATION_PAGE))
                .getObjectValue(UserRegistrationDetailsCollectionResponse::createFromDiscriminatorValue);
        assertEquals(sdk.getOdataNextLink(), page.getOdataNextLink());
        SyncedRegistration megan = page.getValue().get(0);
        assertEquals(sdk.getValue().get(0).getId(), megan.getId());
        assertEquals(sdk.getValue().get(0).getIsMfaRegistered(), megan.getIsMfaRegistered());
        assertEquals(sdk.getValue().get(0).getMethodsRegistered(), megan.getMethodsRegistered());
    }
}
