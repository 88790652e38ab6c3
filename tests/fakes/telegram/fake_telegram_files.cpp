// Files in the fake Telegram: photos and documents users send, getFile
// (https://core.telegram.org/bots/api#getfile: 400 "invalid file_id", 400 "file is too big" past
// the 20 MB bots may download) and the file server at /file/bot<token>/<file_path>, failing or
// slow on demand.
#include <algorithm>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "tests/fakes/telegram/fake_telegram_impl.hpp"

namespace frontline::fakes {

namespace {

constexpr std::uint64_t kBotDownloadLimit = 20u * 1024 * 1024;

json with_size(json j, const FakeTgFile& f) {
    if (f.declared_size > 0) j["file_size"] = f.declared_size;
    return j;
}

}  // namespace

FakeTgFile FakeTelegram::add_file(std::string bytes, const std::string& extension, std::optional<std::uint64_t> declared_size) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const auto n = s.files.size() + 1;
    FakeTgFile f;
    // Real file_ids are long opaque base64url strings; unique ids are short ones.
    f.file_id = "AgACAgQAAxkBAAIB" + std::to_string(n) + "ZmFrZS1maWxlLWlk";
    f.file_unique_id = "AQADfake" + std::to_string(n);
    f.declared_size = declared_size.value_or(bytes.size());
    f.bytes = std::move(bytes);
    f.file_path = (extension == "jpg" ? "photos/file_" : "documents/file_") + std::to_string(n) + "." + extension;
    s.files[f.file_id] = f;
    return f;
}

std::int64_t FakeTelegram::user_photo(std::int64_t user, const std::vector<FakeTgFile>& sizes, const std::string& caption) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const std::string chat = std::to_string(user);
    FakeTgMessage m{chat, s.new_message_id_locked(chat), false, caption, "", {}, 0, 0};
    json photo = json::array();
    int side = 90;
    for (const auto& f : sizes) {
        photo.push_back(with_size({{"file_id", f.file_id}, {"file_unique_id", f.file_unique_id}, {"width", side}, {"height", side * 3 / 4}}, f));
        side *= 4;
    }
    json message = {{"message_id", m.message_id}, {"from", s.user_json_locked(user)}, {"chat", s.chat_json_locked(chat)},
                    {"date", 1764921600}, {"photo", photo}};
    if (!caption.empty()) message["caption"] = caption;
    s.messages.push_back(std::move(m));
    return s.push_update_locked("message", {{"message", std::move(message)}});
}

std::int64_t FakeTelegram::user_document(std::int64_t user, const FakeTgFile& file, const std::string& file_name,
                                         const std::string& mime_type, const std::string& caption) {
    std::lock_guard lock(impl_->mu);
    auto& s = *impl_;
    const std::string chat = std::to_string(user);
    FakeTgMessage m{chat, s.new_message_id_locked(chat), false, caption, "", {}, 0, 0};
    json document = with_size({{"file_id", file.file_id}, {"file_unique_id", file.file_unique_id}, {"file_name", file_name},
                               {"mime_type", mime_type}},
                              file);
    json message = {{"message_id", m.message_id}, {"from", s.user_json_locked(user)}, {"chat", s.chat_json_locked(chat)},
                    {"date", 1764921600}, {"document", document}};
    if (!caption.empty()) message["caption"] = caption;
    s.messages.push_back(std::move(m));
    return s.push_update_locked("message", {{"message", std::move(message)}});
}

void FakeTelegram::fail_file_downloads(int count, int status) {
    std::lock_guard lock(impl_->mu);
    impl_->file_failures = count;
    impl_->file_failure_status = status;
}

void FakeTelegram::delay_file_downloads(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mu);
    impl_->file_delay = delay;
}

int FakeTelegram::files_served() const {
    std::lock_guard lock(impl_->mu);
    return impl_->files_served;
}

net::HttpResponse FakeTelegram::Impl::get_file_locked(const json& args) {
    const auto it = args.find("file_id");
    const auto id = it != args.end() && it->is_string() ? it->get<std::string>() : std::string{};
    if (id.empty()) return tg_error(400, "Bad Request: file_id not specified");
    const auto file = files.find(id);
    if (file == files.end()) return tg_error(400, "Bad Request: invalid file_id");
    const auto& f = file->second;
    if (std::max<std::uint64_t>(f.declared_size, f.bytes.size()) > kBotDownloadLimit) return tg_error(400, "Bad Request: file is too big");
    return tg_ok(with_size({{"file_id", f.file_id}, {"file_unique_id", f.file_unique_id}, {"file_path", f.file_path}}, f));
}

net::awaitable<net::HttpResponse> FakeTelegram::Impl::answer_file(std::shared_ptr<Impl> self, net::IncomingRequest req) {
    std::chrono::milliseconds delay{0};
    {
        std::lock_guard lock(self->mu);
        delay = self->file_delay;
    }
    if (delay.count() > 0) {
        boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor, delay);
        co_await wait.async_wait(boost::asio::use_awaitable);
    }
    std::lock_guard lock(self->mu);
    auto& s = *self;
    // /file/bot<token>/<file_path>
    const std::string rest = req.path.substr(std::string("/file/bot").size());
    const auto slash = rest.find('/');
    const auto token = rest.substr(0, slash);
    const auto path = slash == std::string::npos ? std::string{} : rest.substr(slash + 1);
    s.calls.push_back({"file", 200, "", path, ""});
    s.changed_locked();
    if (token != s.opt.token) {
        s.calls.back().status = 401;
        co_return tg_error(401, "Unauthorized");
    }
    if (s.file_failures > 0) {
        --s.file_failures;
        s.calls.back().status = s.file_failure_status;
        co_return net::make_response(s.file_failure_status, "<html><body><h1>" + std::to_string(s.file_failure_status) +
                                                                " Bad Gateway</h1></body></html>",
                                     "text/html");
    }
    for (const auto& [id, f] : s.files) {
        if (f.file_path != path) continue;
        ++s.files_served;
        co_return net::make_response(200, f.bytes, path.ends_with(".jpg") ? "image/jpeg" : "application/octet-stream");
    }
    s.calls.back().status = 404;
    co_return tg_error(404, "Not Found");
}

}  // namespace frontline::fakes
