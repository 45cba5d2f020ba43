// The tests' OpenID Connect provider: the certified `oidc-provider` package, configured here with
// one account per role of the dashboard (OIDC_USERS, JSON) and one client (the app under test).
// Started on the loopback by tests/oidc_server.py; its development login form takes any password.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const users = JSON.parse(process.env.OIDC_USERS || '{}');
const redirectUris = JSON.parse(process.env.OIDC_REDIRECT_URIS || '[]');

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: redirectUris.map((u) => u.replace(/\/oauth2callback$/, '/')),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  async findAccount(ctx, id) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...user }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['tests-only-cookie-key-hub-breton'] },
  ttl: { IdToken: Number(process.env.OIDC_ID_TOKEN_TTL || 3600), Session: 3600, Interaction: 600, Grant: 3600 },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => { console.log(`oidc-provider prêt sur ${issuer}`); });
