package dev.tributary.host.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's vendors: GitHub, Stripe and HubSpot stand-ins on 127.0.0.1, serving deterministic
 * data shaped like the vendors' own (taken from their published samples) at realistic volume,
 * with a few 503s and 429s injected. The same size always serves the same records, so a second
 * demo run against the same database is incremental and writes nothing new.
 */
public final class Sandbox implements AutoCloseable {

  /** How much data to serve. */
  public record Size(int githubRepos, int githubIssues, int stripeCustomers, int stripeCharges, int stripeInvoices,
      int hubspotContacts, int hubspotCompanies, int hubspotDeals) {

    /** Tens of thousands of records: the README's demo. */
    public static final Size DEFAULT = new Size(3, 6_000, 8_000, 8_000, 4_000, 8_000, 3_000, 3_000);

    /** A few hundred, for tests. */
    public static final Size SMALL = new Size(2, 250, 230, 120, 90, 210, 60, 40);
  }

  public static final String GITHUB_ORG = GitHubSandbox.ORG;
  public static final String GITHUB_REPO = GitHubSandbox.REPO;
  public static final String HUBSPOT_CLIENT_ID = HubSpotSandbox.CLIENT_ID;
  public static final String HUBSPOT_REFRESH_TOKEN = HubSpotSandbox.REFRESH_TOKEN;

  private final GitHubSandbox github;
  private final StripeSandbox stripe;
  private final HubSpotSandbox hubspot;

  private Sandbox(GitHubSandbox github, StripeSandbox stripe, HubSpotSandbox hubspot) {
    this.github = github;
    this.stripe = stripe;
    this.hubspot = hubspot;
  }

  /** Starts the three vendors on loopback, on free ports. */
  public static Sandbox start(Size size, boolean injectFaults) {
    ObjectMapper json = new ObjectMapper();
    SandboxServer.Faults faults = injectFaults ? new SandboxServer.Faults(97, 53, 12) : SandboxServer.Faults.NONE;
    GitHubSandbox gh = new GitHubSandbox(json, size.githubRepos(), size.githubIssues(), faults);
    StripeSandbox st = new StripeSandbox(json, size.stripeCustomers(), size.stripeCharges(), size.stripeInvoices(), faults);
    HubSpotSandbox hs = new HubSpotSandbox(json, size.hubspotContacts(), size.hubspotCompanies(), size.hubspotDeals(), faults);
    gh.server.start();
    st.server.start();
    hs.server.start();
    return new Sandbox(gh, st, hs);
  }

  public URI githubUrl() {
    return github.baseUrl();
  }

  public URI stripeUrl() {
    return stripe.baseUrl();
  }

  public URI hubspotUrl() {
    return hubspot.baseUrl();
  }

  /** The records each vendor's streams hold, by vendor then stream. */
  public Map<String, Map<String, Integer>> expected() {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    m.put("github", github.expected());
    m.put("stripe", stripe.expected());
    m.put("hubspot", hubspot.expected());
    return m;
  }

  /** Requests served and faults injected, by vendor: {@code [requests, 503s, 429s]}. */
  public Map<String, long[]> traffic() {
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put("github", new long[] {github.server.requests(), github.server.injected503(), github.server.injected429()});
    m.put("stripe", new long[] {stripe.server.requests(), stripe.server.injected503(), stripe.server.injected429()});
    m.put("hubspot", new long[] {hubspot.server.requests(), hubspot.server.injected503(), hubspot.server.injected429()});
    return m;
  }

  /** Token requests HubSpot's OAuth2 endpoint answered. */
  public long hubspotTokenRequests() {
    return hubspot.tokenRequests.get();
  }

  @Override
  public void close() {
    github.server.close();
    stripe.server.close();
    hubspot.server.close();
  }
}
