// MatrixAdapter's password sign-in. When matrix.access_token_env holds no token, the bot logs in
// once with the password in matrix.password_env and keeps the access token in the store: every
// later start is then the same device, and txnIds (which make a retried send safe) belong to a device.
// https://spec.matrix.org/v1.10/client-server-api/#post_matrixclientv3login
#include "adapters/matrix/matrix_adapter.hpp"

namespace frontline::matrix {

std::string MatrixAdapter::token_origin() const {
    if (!password_mode()) return "the access token in " + settings_.access_token_env;
    return "the access token kept from the password login (" + settings_.password_env + ")";
}

net::awaitable<Result<bool>> MatrixAdapter::sign_in(InboundSink& sink, bool kept_was_refused) {
    if (!kept_was_refused) {
        auto kept = co_await sink.load_cursor(token_cursor());
        if (!kept) co_return kept.error();
        if (*kept && !(*kept)->empty()) {
            settings_.access_token = **kept;
            co_return false;
        }
    } else if (auto forgot = co_await sink.save_cursor(token_cursor(), ""); !forgot) {
        // Forgotten before logging in again, so a crash in between cannot bring the dead one back.
        co_return forgot.error();
    }
    settings_.access_token.clear();
    auto body = login_body(settings_.user_id, settings_.password);
    auto a = co_await api_.call("POST", "/_matrix/client/v3/login", std::move(body), settings_.request_timeout,
                                settings_.max_inline_wait);
    if (!a.ok()) {
        if (a.status.verdict == ApiVerdict::rejected || a.status.verdict == ApiVerdict::fatal)
            co_return make_error(Errc::auth, "matrix: the homeserver refused the password in " + settings_.password_env +
                                                 " for " + settings_.user_id + " (" + a.status.errcode + ")");
        co_return make_error(a.status.verdict == ApiVerdict::rate_limited ? Errc::rate_limited : Errc::network,
                             "matrix login: " + (a.status.errcode.empty() ? a.status.error : a.status.errcode));
    }
    auto login = parse_login(a.body);
    if (!login) co_return login.error();
    if (login->user_id != settings_.user_id)
        co_return make_error(Errc::auth, "matrix: the password in " + settings_.password_env + " logged in as " + login->user_id +
                                             ", not as matrix.user_id " + settings_.user_id);
    settings_.access_token = login->access_token;
    // Not kept: this run still works, but the next start logs in as a new device.
    if (auto saved = co_await sink.save_cursor(token_cursor(), login->access_token); !saved)
        log(LogLevel::warn, "matrix: cannot keep the access token in the store (the next start logs in again): " +
                                saved.error().message);
    log(LogLevel::info, "matrix: logged in with the password in " + settings_.password_env + " as a new device " +
                            login->device_id + "; its access token is kept in the store");
    co_return true;
}

}  // namespace frontline::matrix
