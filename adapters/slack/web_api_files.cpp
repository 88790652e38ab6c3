// Files users share with the bot: url_private / url_private_download fetched with the bot token
// (https://docs.slack.dev/messaging/working-with-files#authentication: "Authorization: Bearer" and
// the files:read scope). The token is a key to the whole workspace: it goes to Slack's file host
// (or the configured API origin, a test's fake) and nowhere else, redirects included.
#include "adapters/slack/slack_adapter.hpp"
#include "adapters/slack/web_api_client.hpp"

#include "adapters/net/url_parts.hpp"
#include "core/text.hpp"

namespace frontline::slack {

namespace {

/// Where the bot token may be sent for a file.
bool trusted_file_url(const net::UrlParts& target, const std::string& api_base_url) {
    const auto api = net::split_url(api_base_url);
    if (api && target.origin() == api->origin()) return true;
    return target.secure && target.host == "files.slack.com";
}

bool is_redirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

/// A Location header made absolute against the url it answered (Slack sends absolute ones; a
/// path alone is legal HTTP).
std::string absolute_location(const std::string& location, const net::UrlParts& from) {
    if (location.starts_with('/') && !location.starts_with("//")) return from.scheme + "://" + from.host_header() + location;
    return location;
}

}  // namespace

net::awaitable<Result<DownloadedFile>> WebApiClient::download_file(std::string url, std::size_t max_bytes,
                                                                   std::string declared_type) {
    auto target = net::split_url(url);
    if (!target || (target->scheme != "https" && target->scheme != "http"))
        co_return make_error(Errc::invalid_argument, "slack file: not an http(s) url");
    if (!trusted_file_url(*target, settings_.api_base_url))
        co_return make_error(Errc::forbidden, "slack file: refused to send the bot token to " + target->host +
                                                  " (only Slack's file host gets it)");
    const auto first_origin = target->origin();
    for (int hop = 0;; ++hop) {
        net::HttpRequest req;
        req.url = url;
        req.headers.set("Authorization", "Bearer " + settings_.bot_token);
        req.total_timeout = settings_.download_timeout;
        req.read_timeout = settings_.request_timeout;
        req.max_body_bytes = max_bytes;
        auto res = co_await http_.request(std::move(req));
        if (!res) co_return res.error();  // messages name the origin only
        if (is_redirect(res->status)) {
            // Slack moves some downloads to another path of its file host; a redirect anywhere
            // else (a workspace's sign-in page) means the token did not open the file.
            const auto next = absolute_location(res->headers.get("Location").value_or(""), *target);
            auto parts = net::split_url(next);
            if (hop > 0 || !parts || parts->origin() != first_origin)
                co_return make_error(Errc::auth, "slack file: answered with a redirect away from the file host "
                                                 "(is the files:read scope granted?)");
            url = next;
            target = std::move(parts);
            continue;
        }
        if (res->status == 403 || res->status == 401)
            co_return make_error(Errc::auth, "slack file: http " + std::to_string(res->status) + " (is the files:read scope granted?)");
        if (res->status == 404 || res->status == 410) co_return make_error(Errc::not_found, "slack file: the file is gone");
        if (res->status == 429) co_return make_error(Errc::rate_limited, "slack file: http 429");
        if (res->status != 200) co_return make_error(Errc::network, "slack file: http " + std::to_string(res->status));
        auto type = res->headers.get("Content-Type").value_or("");
        // With a token that may not read the file, Slack answers 200 with its HTML sign-in page.
        if (ascii_lower(type).starts_with("text/html") && !ascii_lower(declared_type).starts_with("text/html"))
            co_return make_error(Errc::auth, "slack file: got Slack's sign-in page instead of the file "
                                             "(is the files:read scope granted?)");
        co_return DownloadedFile{std::move(res->body), std::move(type)};
    }
}

net::awaitable<Result<FetchedFile>> SlackAdapter::fetch_attachment(Attachment attachment, std::size_t max_bytes) {
    if (max_bytes > 0 && attachment.size > max_bytes)
        co_return make_error(Errc::too_large, "slack: " + attachment.name + " is " + std::to_string(attachment.size) +
                                                  " bytes, over the limit of " + std::to_string(max_bytes));
    std::string url = attachment.platform_ref;
    std::string declared_type = attachment.media_type;
    auto file = co_await api_.download_file(std::move(url), max_bytes, std::move(declared_type));
    if (!file) {
        log(LogLevel::warn, "slack: could not fetch " + attachment.name + ": " + file.error().message);
        co_return file.error();
    }
    co_return FetchedFile{std::move(file->bytes), std::move(file->media_type)};
}

}  // namespace frontline::slack
