#pragma once
// A deliberately rude client on a plain blocking socket: it upgrades to WebSocket and then writes
// frames without ever reading, or says nothing at all, the way the attacks of issue 13 did. It can
// bind a chosen loopback source address (127.0.0.2, ...) to stand for another client machine.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace frontline::testing {

class RawClient {
public:
    RawClient() = default;
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;
    RawClient(RawClient&& o) noexcept : fd_(std::exchange(o.fd_, -1)), eof_(o.eof_), leftover_(std::move(o.leftover_)) {}
    RawClient& operator=(RawClient&&) = delete;
    ~RawClient() { close(); }

    /// Connects to 127.0.0.1:port from `source_ip`; false when the connect failed.
    bool connect(std::uint16_t port, const std::string& source_ip = "127.0.0.1") {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) return false;
        sockaddr_in src{};
        src.sin_family = AF_INET;
        ::inet_pton(AF_INET, source_ip.c_str(), &src.sin_addr);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) return false;
        sockaddr_in dst{};
        dst.sin_family = AF_INET;
        dst.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
        return ::connect(fd_, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0;
    }

    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    bool send_all(std::string_view data) {
        while (!data.empty()) {
            const auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    /// Bytes that arrive within `wait_ms`, at most `max`; empty on EOF or silence.
    std::string receive(int wait_ms, std::size_t max = 65536) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, wait_ms) <= 0) return {};
        std::string out(max, '\0');
        const auto n = ::recv(fd_, out.data(), out.size(), 0);
        if (n <= 0) {
            eof_ = true;
            return {};
        }
        out.resize(static_cast<std::size_t>(n));
        return out;
    }

    /// Reads until the end of a response's header (or EOF / `wait_ms` of silence).
    std::string read_head(int wait_ms = 10'000) {
        std::string head;
        while (head.find("\r\n\r\n") == std::string::npos) {
            auto more = receive(wait_ms);
            if (more.empty()) break;
            head += more;
        }
        const auto end = head.find("\r\n\r\n");
        if (end == std::string::npos) return head;
        leftover_ = head.substr(end + 4);
        head.resize(end + 4);
        return head;
    }

    /// Sends a plain request and returns the status code of the answer (0: none).
    int request(const std::string& method_path, const std::string& extra_headers = "Host: 127.0.0.1\r\n") {
        if (!send_all(method_path + " HTTP/1.1\r\n" + extra_headers + "Connection: close\r\n\r\n")) return 0;
        return status_of(read_head());
    }

    /// The WebSocket handshake on /ws; returns the status code (101 when upgraded).
    int upgrade(const std::string& extra_headers = "") {
        const std::string req = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                                extra_headers + "\r\n";
        if (!send_all(req)) return 0;
        return status_of(read_head());
    }

    /// One masked text frame (a zero mask key: RFC 6455 wants clients to mask, any key will do).
    static std::string text_frame(std::string_view payload, std::uint8_t opcode = 0x1) {
        std::string f;
        f += static_cast<char>(0x80 | opcode);
        if (payload.size() < 126) {
            f += static_cast<char>(0x80 | payload.size());
        } else if (payload.size() < 65536) {
            f += static_cast<char>(0x80 | 126);
            f += static_cast<char>(payload.size() >> 8);
            f += static_cast<char>(payload.size() & 0xff);
        } else {
            f += static_cast<char>(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) f += static_cast<char>((payload.size() >> shift) & 0xff);
        }
        f += std::string(4, '\0');
        f += payload;
        return f;
    }

    struct Frame {
        int opcode = 0;
        std::string payload;
    };

    /// The next frame from the server; nothing on EOF or after `wait_ms` of silence.
    std::optional<Frame> next_frame(int wait_ms) {
        for (;;) {
            if (leftover_.size() >= 2) {
                const auto op = static_cast<unsigned char>(leftover_[0]) & 0x0f;
                std::size_t len = static_cast<unsigned char>(leftover_[1]) & 0x7f;
                std::size_t at = 2;
                bool whole = true;
                if (len == 126) {
                    whole = leftover_.size() >= 4;
                    if (whole) len = (static_cast<std::size_t>(static_cast<unsigned char>(leftover_[2])) << 8) |
                                     static_cast<unsigned char>(leftover_[3]);
                    at = 4;
                } else if (len == 127) {
                    whole = leftover_.size() >= 10;
                    len = 0;
                    for (std::size_t i = 2; whole && i < 10; ++i) len = (len << 8) | static_cast<unsigned char>(leftover_[i]);
                    at = 10;
                }
                if (whole && leftover_.size() >= at + len) {
                    Frame f{op, leftover_.substr(at, len)};
                    leftover_.erase(0, at + len);
                    return f;
                }
            }
            auto more = receive(wait_ms);
            if (more.empty()) return std::nullopt;
            leftover_ += more;
        }
    }

    /// Reads server frames until a close frame arrives (returns its code) or the socket ends
    /// (returns 0 on EOF, -1 when still open after `wait_ms` of silence).
    int wait_for_close(int wait_ms) {
        for (;;) {
            auto f = next_frame(wait_ms);
            if (!f) return eof_ ? 0 : -1;
            if (f->opcode != 0x8) continue;
            if (f->payload.size() < 2) return 1005;
            return (static_cast<unsigned char>(f->payload[0]) << 8) | static_cast<unsigned char>(f->payload[1]);
        }
    }

    /// The next text frame's payload; empty when the connection ended or went silent.
    std::string next_text(int wait_ms = 10'000) {
        for (;;) {
            auto f = next_frame(wait_ms);
            if (!f || f->opcode == 0x8) return {};
            if (f->opcode == 0x1) return f->payload;
        }
    }

    int fd() const { return fd_; }

private:
    static int status_of(const std::string& head) {
        if (head.size() < 12 || head.rfind("HTTP/1.", 0) != 0) return 0;
        return std::atoi(head.substr(9, 3).c_str());
    }

    int fd_ = -1;
    bool eof_ = false;
    std::string leftover_;
};

}  // namespace frontline::testing
