package dev.tributary.connector.github;

import dev.tributary.api.connector.VendorResponse;
import feign.Headers;
import feign.Param;
import feign.QueryMap;
import feign.RequestLine;
import java.util.List;
import java.util.Map;

/**
 * The slice of GitHub's REST API the streams read. Every list call returns the whole
 * {@link VendorResponse} because GitHub pages by the {@code Link} header and answers conditional
 * requests ({@code If-None-Match}) with {@code 304}. A null {@code etag} sends no
 * {@code If-None-Match}; query parameters go in a map so that absent ones are not sent at all.
 *
 * <p>The {@code ...At} methods follow a {@code Link} target: {@code path} is the link's path
 * (relative to the API root) and {@code query} its query parameters, still percent-encoded as GitHub
 * wrote them.
 */
interface GitHubApi {

  @RequestLine("GET /orgs/{org}/repos")
  @Headers("If-None-Match: {etag}")
  VendorResponse<List<RepositoryDto>> orgRepos(@Param("org") String org,
      @QueryMap Map<String, Object> query, @Param("etag") String etag);

  @RequestLine("GET {path}")
  VendorResponse<List<RepositoryDto>> reposAt(@Param("path") String path,
      @QueryMap(encoded = true) Map<String, Object> query);

  @RequestLine("GET /repos/{owner}/{repo}/issues")
  @Headers("If-None-Match: {etag}")
  VendorResponse<List<IssueDto>> issues(@Param("owner") String owner, @Param("repo") String repo,
      @QueryMap Map<String, Object> query, @Param("etag") String etag);

  @RequestLine("GET {path}")
  VendorResponse<List<IssueDto>> issuesAt(@Param("path") String path,
      @QueryMap(encoded = true) Map<String, Object> query);

  @RequestLine("GET /repos/{owner}/{repo}/pulls")
  @Headers("If-None-Match: {etag}")
  VendorResponse<List<PullRequestDto>> pulls(@Param("owner") String owner, @Param("repo") String repo,
      @QueryMap Map<String, Object> query, @Param("etag") String etag);

  @RequestLine("GET {path}")
  VendorResponse<List<PullRequestDto>> pullsAt(@Param("path") String path,
      @QueryMap(encoded = true) Map<String, Object> query);
}
