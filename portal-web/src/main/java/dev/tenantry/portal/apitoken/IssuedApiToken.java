package dev.tenantry.portal.apitoken;

/** A token just created, with its secret: the only time the secret exists outside the client that will use it. */
public record IssuedApiToken(ApiToken token, String secret) {

    @Override
    public String toString() {
        return "IssuedApiToken[" + token.id() + "]";
    }
}
