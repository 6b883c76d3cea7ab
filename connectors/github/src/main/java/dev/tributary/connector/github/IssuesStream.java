package dev.tributary.connector.github;

import dev.tributary.api.connector.VendorResponse;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.PersonalField;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The issues of one repository (options {@code owner}, {@code repo}), incremental: oldest update
 * first ({@code sort=updated&direction=asc}) from the last run's newest {@code updated_at}
 * ({@code since}), {@code state=all} so closed issues are seen too. Pull requests, which the
 * listing mixes in, are skipped. An unchanged listing answers the stored ETag with {@code 304}.
 */
final class IssuesStream implements Stream<IssueDto> {

  static final StreamSpec SPEC = StreamSpec.builder("issues")
      .requiredFields("id", "number", "updated_at")
      .expectedFields(IssueDto.FIELDS)
      .personal("user.login", PersonalField.Classification.IDENTIFIER)
      .build();

  private final GitHubApi api;

  @Inject
  IssuesStream(GitHubApi api) {
    this.api = api;
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  public Mapper<IssueDto> mapper() {
    return i -> MappedRecord.of(GitHubStreams.id(i.id()), GitHubStreams.instant("updated_at", i.updatedAt()), i);
  }

  @Override
  public Page<IssueDto> read(StreamContext context, Cursor cursor) {
    GitHubCursor c = GitHubCursor.of(cursor);
    VendorResponse<List<IssueDto>> r;
    if (c.midRun()) {
      r = api.issuesAt(Links.path(c.next()), Links.query(c.next()));
    } else {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("state", "all");
      query.put("sort", "updated");
      query.put("direction", "asc");
      query.put("per_page", GitHubStreams.perPage(context));
      if (c.since() != null) {
        query.put("since", c.since());
      }
      r = api.issues(context.requireOption("owner"), context.requireOption("repo"), query, c.etag());
    }
    if (r.notModified()) {
      return Page.last(List.of());
    }
    List<IssueDto> all = r.body() == null ? List.of() : r.body();
    String top = c.top();
    for (IssueDto i : all) {
      top = GitHubCursor.newer(top, i.updatedAt());
    }
    List<IssueDto> issues = all.stream().filter(i -> !i.isPullRequest()).toList();
    String firstEtag = c.midRun() ? c.etag() : r.header("etag").orElse(null);
    Optional<String> next = Links.next(r, context);
    if (next.isPresent()) {
      return Page.of(issues, c.withNext(next.get(), top, firstEtag).toCursor());
    }
    String since = GitHubCursor.newer(c.since(), top);
    // An ETag answers only the request it came with: keep it when the next run asks the same.
    String etag = Objects.equals(since, c.since()) ? firstEtag : null;
    return Page.done(issues, new GitHubCursor(since, null, null, etag).toCursor());
  }
}
