// A real OpenID Connect provider on loopback, for the sign-in tests and the CI smoke run: panva's oidc-provider
// (the certified Node.js implementation) with its development login pages. Never for production use.
//
//   node scripts/oidc_provider.mjs PORT
//
// Environment:
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET  the Hub's client
//   OIDC_REDIRECT_URIS                  comma-separated callback addresses of the Hub
//   OIDC_ACCOUNTS                       JSON: {"login": {"email": "...", "email_verified": true, "name": "..."}}
//                                       (any password is accepted for these logins; unknown logins are refused)
//
// Prints "ready <issuer>" on a line when it is listening.
import Provider from "oidc-provider";

const port = Number(process.argv[2] || 9400);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID || "workforce-hub",
      client_secret: process.env.OIDC_CLIENT_SECRET || "workforce-hub-secret",
      redirect_uris: (process.env.OIDC_REDIRECT_URIS || "").split(",").filter(Boolean),
      token_endpoint_auth_method: "client_secret_post",
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name"],
  },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...account };
      },
    };
  },
  // sign-in happens again each time: a test never inherits another's session
  ttl: { Session: 60, Interaction: 300, Grant: 300, AccessToken: 300, AuthorizationCode: 60, IdToken: 300 },
});
provider.proxy = false;

provider.listen(port, "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
