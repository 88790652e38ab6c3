// TelegramAdapter's file side: the bytes of a photo or document a user sent, by getFile and then
// the file path on the API base URL (https://core.telegram.org/bots/api#getfile). Both URLs carry
// the token: errors pass through mask_token before anyone sees them.
#include "adapters/telegram/telegram_adapter.hpp"

#include <nlohmann/json.hpp>

namespace frontline::telegram {

namespace {

bool mentions(const std::string& text, std::string_view words) { return text.find(words) != std::string::npos; }

}  // namespace

net::awaitable<Result<FetchedFile>> TelegramAdapter::fetch_attachment(Attachment attachment, std::size_t max_bytes) {
    if (attachment.platform_ref.empty()) co_return make_error(Errc::invalid_argument, "telegram: an attachment without a file_id");
    if (max_bytes > 0 && attachment.size > max_bytes)
        co_return make_error(Errc::too_large, "telegram: " + attachment.name + " is " + std::to_string(attachment.size) +
                                                  " bytes, over the limit of " + std::to_string(max_bytes));
    if (attachment.size > kBotApiDownloadLimit)
        co_return make_error(Errc::too_large, "telegram: " + attachment.name + " is over the 20 MB bots may download");
    std::string method = "getFile";
    std::string body = nlohmann::json{{"file_id", attachment.platform_ref}}.dump();
    auto answer = co_await api_.call(std::move(method), std::move(body), settings_.request_timeout);
    if (!answer.ok()) {
        const auto& why = answer.status.description;
        // Bigger than 20 MB: 400 "Bad Request: file is too big". A wrong or foreign id: 400
        // "Bad Request: invalid file_id" (or "wrong file_id or the file is temporarily unavailable").
        if (mentions(why, "file is too big")) co_return make_error(Errc::too_large, "telegram getFile: " + why);
        switch (answer.status.verdict) {
        case ApiVerdict::auth: co_return make_error(Errc::auth, "telegram getFile: the token was refused (" + why + ")");
        case ApiVerdict::rate_limited: co_return make_error(Errc::rate_limited, "telegram getFile: " + why);
        case ApiVerdict::retry: co_return make_error(Errc::network, "telegram getFile: " + why);
        default: co_return make_error(Errc::not_found, "telegram getFile: " + why);
        }
    }
    auto info = parse_get_file(answer.body);
    if (!info) co_return make_error(info.error().code, mask_token(info.error().message, settings_.token));
    if (info->file_path.empty()) co_return make_error(Errc::not_found, "telegram getFile: no file_path (not downloadable)");
    if ((max_bytes > 0 && info->size > max_bytes) || info->size > kBotApiDownloadLimit)
        co_return make_error(Errc::too_large, "telegram: " + attachment.name + " is " + std::to_string(info->size) + " bytes");
    const std::size_t limit = max_bytes > 0 ? std::min<std::size_t>(max_bytes, kBotApiDownloadLimit) : kBotApiDownloadLimit;
    std::string file_path = info->file_path;
    auto res = co_await api_.download(std::move(file_path), limit);
    if (!res) co_return res.error();
    if (res->status != 200) {
        const auto what = "telegram file download: http " + std::to_string(res->status);
        co_return make_error(res->status >= 500 || res->status == 429 ? Errc::network
                             : res->status == 401                      ? Errc::auth
                                                                       : Errc::not_found,
                             what);
    }
    co_return FetchedFile{std::move(res->body), res->headers.get("Content-Type").value_or("")};
}

}  // namespace frontline::telegram
