#pragma once
// Result<T>: a value or an Error. Expected runtime failures travel as values; exceptions are for bugs.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace frontline {

/// What kind of failure: drives how callers answer (polite message, retry, refuse).
enum class Errc {
    invalid_argument,   ///< bad input from outside (malformed id, oversize text, invalid UTF-8)
    not_found,
    conflict,           ///< e.g. a ticket already claimed
    forbidden,          ///< the actor may not do this
    invalid_transition, ///< the lifecycle does not allow it
    parse,              ///< malformed JSON or config
    storage,            ///< SQLite failed
    network,
    timeout,
    cancelled,
    rate_limited,
    auth,
    protocol,
    too_large,          ///< past a configured size limit (an attachment, an upload)
    unsupported,        ///< this component does not do that (an adapter that maps no files)
};

const char* to_string(Errc e) noexcept;

/// An error with a message meant for logs and operators (never contains secrets).
struct Error {
    Errc code;
    std::string message;
};

inline Error make_error(Errc code, std::string message) { return Error{code, std::move(message)}; }

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}         // NOLINT
    explicit operator bool() const noexcept { return v_.index() == 0; }
    bool ok() const noexcept { return v_.index() == 0; }
    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { assert(!ok()); return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
    explicit operator bool() const noexcept { return ok_; }
    bool ok() const noexcept { return ok_; }
    const Error& error() const { assert(!ok_); return error_; }

private:
    Error error_{Errc::invalid_argument, {}};
    bool ok_ = true;
};

using Status = Result<void>;

}  // namespace frontline
