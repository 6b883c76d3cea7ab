package dev.tributary.connector.github;

import dev.tributary.api.connector.VendorResponse;
import dev.tributary.api.stream.Cursor;
import dev.tributary.api.stream.MappedRecord;
import dev.tributary.api.stream.Mapper;
import dev.tributary.api.stream.Page;
import dev.tributary.api.stream.Stream;
import dev.tributary.api.stream.StreamContext;
import dev.tributary.api.stream.StreamSpec;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repositories of one organisation (option {@code org}, else {@code owner}), recently updated
 * first. Repositories are few, so every run that finds a change reads them all; the first page's
 * ETag is kept, and an unchanged listing costs one {@code 304}.
 */
final class RepositoriesStream implements Stream<RepositoryDto> {

  static final StreamSpec SPEC = StreamSpec.builder("repositories")
      .requiredFields("id", "full_name", "updated_at")
      .expectedFields(RepositoryDto.FIELDS)
      .build();

  private final GitHubApi api;

  @Inject
  RepositoriesStream(GitHubApi api) {
    this.api = api;
  }

  @Override
  public StreamSpec spec() {
    return SPEC;
  }

  @Override
  public Mapper<RepositoryDto> mapper() {
    return r -> MappedRecord.of(GitHubStreams.id(r.id()), GitHubStreams.instant("updated_at", r.updatedAt()), r);
  }

  @Override
  public Page<RepositoryDto> read(StreamContext context, Cursor cursor) {
    GitHubCursor c = GitHubCursor.of(cursor);
    VendorResponse<List<RepositoryDto>> r;
    if (c.midRun()) {
      r = api.reposAt(Links.path(c.next()), Links.query(c.next()));
    } else {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("type", "all");
      query.put("sort", "updated");
      query.put("direction", "desc");
      query.put("per_page", GitHubStreams.perPage(context));
      String org = context.option("org").or(() -> context.option("owner")).orElseThrow(() ->
          new IllegalArgumentException("connection '" + context.connectionId() + "' needs option 'org' (or 'owner')"
              + " naming the organisation whose repositories to list"));
      r = api.orgRepos(org, query, c.etag());
    }
    if (r.notModified()) {
      return Page.last(List.of());
    }
    List<RepositoryDto> repos = r.body() == null ? List.of() : r.body();
    String firstEtag = c.midRun() ? c.etag() : r.header("etag").orElse(null);
    Optional<String> next = Links.next(r, context);
    if (next.isPresent()) {
      return Page.of(repos, c.withNext(next.get(), null, firstEtag).toCursor());
    }
    return Page.done(repos, new GitHubCursor(null, null, null, firstEtag).toCursor());
  }
}
