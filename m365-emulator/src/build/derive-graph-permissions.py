#!/usr/bin/env python3
"""Derive the emulator's Microsoft Graph permission catalogue.

Reads (via `git show HEAD:...`, so the checkout needs no work tree) from a local
clone of github.com/microsoftgraph/microsoft-graph-devx-content:
  permissions/new/permissions.json       scheme texts, consent flags, path sets
  permissions/new/provisioningInfo.json  permission ids per scheme
Writes one JSON file with Graph's delegated scopes (oauth2PermissionScopes),
application roles (appRoles) and, for the endpoints the emulator serves
(ENDPOINTS below), the permissions that grant access and the least-privileged
ones. Output is deterministic: re-running on the same commit gives the same bytes.

Rerun (standard library only, Python 3):
  python3 m365-emulator/src/build/derive-graph-permissions.py \
      <path-to-microsoft-graph-devx-content-git-dir> \
      m365-emulator/src/main/resources/dev/tenantry/emulator/graph-permissions.json

Rules:
  * Only oAuth2 permissions (resource-specific consent "RSC" ones are not Graph
    scopes/app roles). Scheme DelegatedWork -> scope, Application -> app role;
    other schemes (DelegatedPersonal) are ignored.
  * A provisioning entry counts when it has an id, its environment list
    (";"-separated) contains "public", isEnabled is true and isHidden is false.
    resourceAppId is NOT used as a filter: it names the workload backing the
    permission (e.g. 00000002-... Azure AD for Group.Read.All, Exchange, Teams),
    not another API; those ids are Graph's own (they match the servicePrincipal
    ids in the repo's permissions/permissions-descriptions.json).
  * Ids that are not GUIDs are skipped with a warning.
  * Data paths are matched case-insensitively, ignoring quotes and treating any
    {placeholder} as {id}; output paths use Graph casing from ENDPOINTS.
"""
import json
import re
import subprocess
import sys

GRAPH = "00000003-0000-0000-c000-000000000000"
FILES = ["permissions/new/permissions.json", "permissions/new/provisioningInfo.json"]
SCHEMES = {"DelegatedWork": "delegated", "Application": "application"}

# (method, canonical Graph path) for every endpoint the emulator serves.
ENDPOINTS = [
    ("GET", "/me"), ("GET", "/organization"),
    ("GET", "/users"), ("POST", "/users"), ("GET", "/users/{id}"),
    ("PATCH", "/users/{id}"), ("DELETE", "/users/{id}"), ("GET", "/users/delta"),
    ("POST", "/users/{id}/revokeSignInSessions"),
    ("GET", "/groups"), ("GET", "/groups/{id}"), ("DELETE", "/groups/{id}"),
    ("GET", "/groups/{id}/members"),
    ("POST", "/directory/deletedItems/{id}/restore"),
    ("GET", "/directoryRoles"), ("GET", "/roleManagement/directory/roleAssignments"),
    ("GET", "/subscribedSkus"), ("GET", "/domains"),
    ("GET", "/servicePrincipals"), ("GET", "/servicePrincipals/{id}"),
    ("GET", "/servicePrincipals(appId='{id}')"),
    ("GET", "/servicePrincipals/{id}/appRoleAssignments"),
    ("GET", "/servicePrincipals(appId='{id}')/appRoleAssignments"),
    ("GET", "/servicePrincipals(appId='{id}')/oauth2PermissionGrants"),
    ("DELETE", "/servicePrincipals/{id}/appRoleAssignments/{id}"),
    ("GET", "/oauth2PermissionGrants"), ("GET", "/oauth2PermissionGrants/{id}"),
    ("PATCH", "/oauth2PermissionGrants/{id}"), ("DELETE", "/oauth2PermissionGrants/{id}"),
    ("GET", "/identityProtection/riskDetections"), ("GET", "/identityProtection/riskyUsers"),
    ("GET", "/security/alerts_v2"), ("GET", "/identity/conditionalAccess/policies"),
    ("GET", "/policies/authorizationPolicy"), ("GET", "/auditLogs/signIns"),
    ("GET", "/identity/conditionalAccess/namedLocations"),
    ("GET", "/security/secureScores"), ("GET", "/security/secureScoreControlProfiles"),
    ("GET", "/organization/{id}/branding"),
    ("GET", "/reports/authenticationMethods/userRegistrationDetails"),
    ("POST", "/identity/conditionalAccess/policies"), ("GET", "/identity/conditionalAccess/policies/{id}"),
    ("PATCH", "/identity/conditionalAccess/policies/{id}"), ("POST", "/groups"),
    ("GET", "/identityProtection/riskyUsers/{id}"), ("GET", "/identityProtection/riskyUsers/{id}/history"),
    ("POST", "/identityProtection/riskyUsers/confirmCompromised"),
    ("POST", "/identityProtection/riskyUsers/dismiss"),
    ("POST", "/users/{id}/assignLicense"), ("GET", "/users/{id}/licenseDetails"),
    ("GET", "/users/{id}/memberOf"), ("GET", "/me/licenseDetails"), ("GET", "/me/memberOf"), ("DELETE", "/groups/{id}/members/{id}/$ref"),
    ("GET", "/users/{id}/authentication/methods"),
    ("DELETE", "/users/{id}/authentication/emailMethods/{id}"),
    ("DELETE", "/users/{id}/authentication/fido2Methods/{id}"),
    ("DELETE", "/users/{id}/authentication/microsoftAuthenticatorMethods/{id}"),
    ("DELETE", "/users/{id}/authentication/phoneMethods/{id}"),
    ("DELETE", "/users/{id}/authentication/softwareOathMethods/{id}"),
    ("DELETE", "/users/{id}/authentication/temporaryAccessPassMethods/{id}"),
    ("DELETE", "/users/{id}/authentication/windowsHelloForBusinessMethods/{id}"),
    ("POST", "/users/{id}/authentication/temporaryAccessPassMethods"),
    ("POST", "/users/{id}/sendMail"), ("POST", "/me/sendMail"),
    ("GET", "/users/{id}/messages"), ("GET", "/me/messages"),
    ("GET", "/teams"), ("POST", "/teams"), ("GET", "/teams/{id}"), ("PATCH", "/teams/{id}"),
    ("POST", "/teams/{id}/archive"), ("POST", "/teams/{id}/unarchive"),
    ("GET", "/teams/{id}/members"), ("POST", "/teams/{id}/members"), ("DELETE", "/teams/{id}/members/{id}"),
    ("GET", "/teams/{id}/channels"), ("GET", "/teams/{id}/allChannels"), ("POST", "/teams/{id}/channels"),
    ("GET", "/teams/{id}/channels/{id}"), ("GET", "/teams/{id}/channels/{id}/members"),
    ("POST", "/teams/{id}/channels/{id}/members"), ("GET", "/teams/{id}/channels/{id}/tabs"),
    ("POST", "/teams/{id}/channels/{id}/tabs"), ("GET", "/teams/{id}/installedApps"),
    ("POST", "/teams/{id}/installedApps"), ("GET", "/appCatalogs/teamsApps"),
    ("GET", "/groupLifecyclePolicies"), ("POST", "/groupLifecyclePolicies/renewGroup"),
    ("GET", "/groups/{id}/groupLifecyclePolicies"), ("POST", "/groups/{id}/renew"), ("PATCH", "/groups/{id}"),
    ("GET", "/security/informationProtection/sensitivityLabels"),
    ("GET", "/me/security/informationProtection/sensitivityLabels"),
    ("GET", "/users/{id}/security/informationProtection/sensitivityLabels"),
]


def warn(msg):
    print("WARNING: " + msg, file=sys.stderr)


def git_show(repo, path):
    return subprocess.run(["git", "-C", repo, "show", "HEAD:" + path],
                          check=True, capture_output=True, text=True).stdout


def path_key(path):
    """Lower-case, drop quotes and trailing '/', every {placeholder} -> {id}; a reference ('/$ref') is the navigation's.

    The map writes a reference endpoint without its '/$ref' (DELETE /groups/{id}/members/{id} for the reference page's
    DELETE /groups/{id}/members/{id}/$ref), so both spellings are one endpoint.
    """
    key = re.sub(r"\{[^}]*\}", "{id}", path.strip().lower().replace("'", "").replace('"', ""))
    key = re.sub(r"/\$ref$", "", key.rstrip("/"))
    return key.rstrip("/") or "/"


def least_schemes(marker):
    """'least=DelegatedWork,Application;AlsoRequires=X' -> {'DelegatedWork', 'Application'}."""
    for part in marker.split(";"):
        name, _, value = part.partition("=")
        if name.strip().lower() == "least":
            return {s.strip() for s in value.split(",")}
    return set()


GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def deployment_ids(entries, name):
    """Map scheme -> permission id from the qualifying public Graph deployments.

    An id that is not a GUID (the data has at least one typo) is skipped with a warning: Graph clients parse these
    ids as UUIDs, and a real service principal never publishes a malformed one.
    """
    ids = {}
    for d in entries:
        if d.get("id") and not GUID.match(d["id"]):
            warn(f"{name}: {d.get('scheme')} id {d['id']!r} is not a GUID; skipped")
            continue
        envs = {e.strip().lower() for e in (d.get("environment") or "").split(";")}
        if (d.get("id") and d.get("scheme") in SCHEMES and "public" in envs
                and d.get("isEnabled") is True and d.get("isHidden") is False):
            if ids.setdefault(d["scheme"], d["id"]) != d["id"]:
                warn(f"{name}: several {d['scheme']} ids, keeping {ids[d['scheme']]}")
    return ids


def main(repo, out_path):
    commit = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    perms = json.loads(git_show(repo, FILES[0]))["permissions"]
    deployments = json.loads(git_show(repo, FILES[1]))["permissionDeployments"]

    scopes, roles, granted = [], [], {}
    wanted = {(m, path_key(p)): (m, p) for m, p in ENDPOINTS}
    for name, perm in sorted(perms.items()):
        if perm.get("authorizationType") != "oAuth2":
            continue
        schemes = perm.get("schemes", {})
        ids = deployment_ids(deployments.get(name, []), name)
        if "DelegatedWork" in schemes and "DelegatedWork" in ids:
            s = schemes["DelegatedWork"]
            admin_name, admin_desc = s.get("adminDisplayName") or "", s.get("adminDescription") or ""
            scopes.append({
                "id": ids["DelegatedWork"], "value": name, "isEnabled": True,
                "type": "Admin" if s.get("requiresAdminConsent") else "User",
                "adminConsentDisplayName": admin_name, "adminConsentDescription": admin_desc,
                "userConsentDisplayName": s.get("userDisplayName") or admin_name,
                "userConsentDescription": s.get("userDescription") or admin_desc,
            })
        if "Application" in schemes and "Application" in ids:
            s = schemes["Application"]
            roles.append({
                "id": ids["Application"], "value": name, "isEnabled": True,
                "allowedMemberTypes": ["Application"],
                "displayName": s.get("adminDisplayName") or "",
                "description": s.get("adminDescription") or "",
            })
        for path_set in perm.get("pathSets", []):
            keys = [k for k in path_set.get("schemeKeys", []) if k in SCHEMES]
            for method in path_set.get("methods", []):
                for path, marker in path_set.get("paths", {}).items():
                    endpoint = wanted.get((method.upper(), path_key(path)))
                    if not endpoint:
                        continue
                    lists = granted.setdefault(endpoint, {})
                    lists.setdefault("_spellings", set()).add(path)
                    least = least_schemes(marker)
                    for k in keys:
                        kind = SCHEMES[k]
                        lists.setdefault(kind, set()).add(name)
                        if k in least:
                            lists.setdefault("least" + kind.capitalize(), set()).add(name)

    endpoints = []
    for method, path in ENDPOINTS:
        lists = granted.get((method, path), {})
        if not lists:
            warn(f"no permissions in the data for {method} {path}")
        elif any(s != path for s in lists["_spellings"]):
            print(f"note: {method} {path} spelled in data as {sorted(lists['_spellings'])}")
        endpoints.append({"method": method, "path": path, **{
            k: sorted(lists.get(k, ()))
            for k in ("delegated", "application", "leastDelegated", "leastApplication")}})

    provisioned = {s["value"] for s in scopes} | {r["value"] for r in roles}
    for e in endpoints:
        for name in sorted(set(e["delegated"] + e["application"]) - provisioned):
            warn(f"{e['method']} {e['path']}: {name} has no public Graph id")
    for name in ("openid", "profile", "email", "offline_access"):
        if name not in provisioned:
            warn(f"OpenID scope '{name}' is not in the source data")

    catalogue = {
        "source": {"repository": "microsoftgraph/microsoft-graph-devx-content",
                   "commit": commit, "files": FILES,
                   "generatedBy": "m365-emulator/src/build/derive-graph-permissions.py"},
        "resourceAppId": GRAPH,
        "oauth2PermissionScopes": scopes,
        "appRoles": roles,
        "endpoints": sorted(endpoints, key=lambda e: (e["path"], e["method"])),
    }
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(catalogue, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"commit {commit}: {len(scopes)} scopes, {len(roles)} app roles, "
          f"{len(endpoints)} endpoints -> {out_path}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
