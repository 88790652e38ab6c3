// MatrixAdapter's media side: the bytes of an m.image / m.file from the content repository.
// Authenticated media (https://spec.matrix.org/v1.11/client-server-api/#get_matrixclientv1mediadownloadservernamemediaid)
// first; a homeserver older than v1.11 answers it 404 M_UNRECOGNIZED, and then the legacy
// /_matrix/media/v3/download is asked (homeservers that froze unauthenticated media refuse that one).
#include "adapters/matrix/matrix_adapter.hpp"

namespace frontline::matrix {

namespace {

/// What a failed download means for the runtime, from the status and the error envelope.
Error download_error(const net::HttpResponse& res, const std::string& what) {
    const auto status = classify_response(res.status, res.body, std::nullopt);
    const auto message = what + ": http " + std::to_string(res.status) + (status.errcode.empty() ? "" : " " + status.errcode);
    if (status.errcode == "M_TOO_LARGE" || res.status == 413) return make_error(Errc::too_large, message);
    if (res.status == 401 || status.verdict == ApiVerdict::fatal) return make_error(Errc::auth, message);
    if (status.verdict == ApiVerdict::rate_limited) return make_error(Errc::rate_limited, message);
    if (status.verdict == ApiVerdict::retry) return make_error(Errc::network, message);
    return make_error(Errc::not_found, message);
}

bool unrecognized(const net::HttpResponse& res) {
    return (res.status == 404 || res.status == 405 || res.status == 400) &&
           classify_response(res.status, res.body, std::nullopt).errcode == "M_UNRECOGNIZED";
}

}  // namespace

net::awaitable<Result<FetchedFile>> MatrixAdapter::fetch_attachment(Attachment attachment, std::size_t max_bytes) {
    if (attachment.state == "unavailable" || attachment.platform_ref.empty())
        co_return make_error(Errc::unsupported, "matrix: " + attachment.name + " is an encrypted file, which frontline cannot read");
    const auto mxc = parse_mxc(attachment.platform_ref);
    if (!mxc) co_return make_error(Errc::invalid_argument, "matrix: not an mxc:// URI");
    if (max_bytes > 0 && attachment.size > max_bytes)
        co_return make_error(Errc::too_large, "matrix: " + attachment.name + " is " + std::to_string(attachment.size) +
                                                  " bytes, over the limit of " + std::to_string(max_bytes));
    const std::string tail = "/" + path_segment(mxc->server_name) + "/" + path_segment(mxc->media_id);
    std::string authenticated = "/_matrix/client/v1/media/download" + tail;
    auto res = co_await api_.download(std::move(authenticated), max_bytes);
    if (res && unrecognized(*res)) {
        log(LogLevel::info, "matrix: the homeserver has no authenticated media (spec v1.11); using the legacy download");
        std::string legacy = "/_matrix/media/v3/download" + tail;
        res = co_await api_.download(std::move(legacy), max_bytes);
    }
    if (!res) co_return res.error();
    if (res->status != 200) co_return download_error(*res, "matrix media download");
    co_return FetchedFile{std::move(res->body), res->headers.get("Content-Type").value_or("")};
}

}  // namespace frontline::matrix
