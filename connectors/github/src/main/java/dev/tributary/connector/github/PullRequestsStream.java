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
import java.util.Optional;

/**
 * The pull requests of one repository (options {@code owner}, {@code repo}), incremental. The
 * pulls listing has no {@code since}, so it is read newest update first
 * ({@code sort=updated&direction=desc}) and the run stops at the first pull request older than the
 * last run's newest {@code updated_at}. Newest-first paging is also safe against updates during a
 * run: an updated item moves to page one, which shifts the rest down (repeats, never gaps). The
 * first page's ETag is kept: the listing's URL never changes, so an unchanged repository costs one
 * {@code 304}.
 */
final class PullRequestsStream implements Stream<PullRequestDto> {

  static final StreamSpec SPEC = StreamSpec.builder("pull_requests")
      .requiredFields("id", "number", "updated_at")
      .expectedFields(PullRequestDto.FIELDS)
      .personal("user.login", PersonalField.Classification.IDENTIFIER)
      .build();

  private final GitHubApi api;

  @Inject
  PullRequestsStream(GitHubApi api) {
    this.api = api;
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  public Mapper<PullRequestDto> mapper() {
    return p -> MappedRecord.of(GitHubStreams.id(p.id()), GitHubStreams.instant("updated_at", p.updatedAt()), p);
  }

  @Override
  public Page<PullRequestDto> read(StreamContext context, Cursor cursor) {
    GitHubCursor c = GitHubCursor.of(cursor);
    VendorResponse<List<PullRequestDto>> r;
    if (c.midRun()) {
      r = api.pullsAt(Links.path(c.next()), Links.query(c.next()));
    } else {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("state", "all");
      query.put("sort", "updated");
      query.put("direction", "desc");
      query.put("per_page", GitHubStreams.perPage(context));
      r = api.pulls(context.requireOption("owner"), context.requireOption("repo"), query, c.etag());
    }
    if (r.notModified()) {
      return Page.last(List.of());
    }
    List<PullRequestDto> all = r.body() == null ? List.of() : r.body();
    String top = c.top();
    for (PullRequestDto p : all) {
      top = GitHubCursor.newer(top, p.updatedAt());
    }
    List<PullRequestDto> fresh = c.since() == null ? all
        : all.stream().filter(p -> p.updatedAt() != null && p.updatedAt().compareTo(c.since()) >= 0).toList();
    boolean reachedSynced = fresh.size() < all.size();
    String firstEtag = c.midRun() ? c.etag() : r.header("etag").orElse(null);
    Optional<String> next = Links.next(r, context);
    if (next.isPresent() && !reachedSynced) {
      return Page.of(fresh, c.withNext(next.get(), top, firstEtag).toCursor());
    }
    return Page.done(fresh, new GitHubCursor(GitHubCursor.newer(c.since(), top), null, null, firstEtag).toCursor());
  }
}
