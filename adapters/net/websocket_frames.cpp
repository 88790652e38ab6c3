#include "adapters/net/websocket_frames.hpp"

#include <algorithm>

namespace frontline::net::ws {

namespace {

ClientFrame failed(std::uint16_t code, std::string reason) {
    ClientFrame f;
    f.status = ClientFrame::Status::failed;
    f.close_code = code;
    f.reason = std::move(reason);
    return f;
}

bool is_control(Opcode op) { return (static_cast<std::uint8_t>(op) & 0x8) != 0; }

bool known(std::uint8_t op) { return op <= 0x2 || (op >= 0x8 && op <= 0xA); }

}  // namespace

ClientFrame read_client_frame(std::string_view b, std::size_t max_payload) {
    if (b.size() < 2) return {};
    const auto b0 = static_cast<std::uint8_t>(b[0]);
    const auto b1 = static_cast<std::uint8_t>(b[1]);
    if ((b0 & 0x70) != 0) return failed(1002, "reserved bits set (no extension was agreed)");
    if (!known(b0 & 0x0F)) return failed(1002, "unknown opcode");
    const auto opcode = static_cast<Opcode>(b0 & 0x0F);
    const bool fin = (b0 & 0x80) != 0;
    // RFC 6455 5.1: a server closes the connection on a frame the client did not mask.
    if ((b1 & 0x80) == 0) return failed(1002, "client frames must be masked");
    std::uint64_t length = b1 & 0x7F;
    std::size_t at = 2;
    if (length == 126) {
        if (b.size() < 4) return {};
        length = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(b[2])) << 8) | static_cast<std::uint8_t>(b[3]);
        if (length < 126) return failed(1002, "length not in its shortest form");
        at = 4;
    } else if (length == 127) {
        if (b.size() < 10) return {};
        length = 0;
        for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | static_cast<std::uint8_t>(b[i]);
        if (length >> 63) return failed(1002, "length with its high bit set");
        if (length <= 0xFFFF) return failed(1002, "length not in its shortest form");
        at = 10;
    }
    if (is_control(opcode)) {
        if (!fin) return failed(1002, "fragmented control frame");
        if (length > 125) return failed(1002, "control frame longer than 125 bytes");
    } else if (length > max_payload) {
        return failed(1009, "message too big");
    }
    if (b.size() < at + 4 + length) return {};
    const char* mask = b.data() + at;
    at += 4;
    ClientFrame f;
    f.status = ClientFrame::Status::frame;
    f.opcode = opcode;
    f.fin = fin;
    f.payload.assign(b.substr(at, static_cast<std::size_t>(length)));
    for (std::size_t i = 0; i < f.payload.size(); ++i) f.payload[i] = static_cast<char>(f.payload[i] ^ mask[i % 4]);
    f.size = at + static_cast<std::size_t>(length);
    return f;
}

std::string server_frame(Opcode opcode, std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 10);
    out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
    const std::uint64_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<char>(n));
    } else if (n <= 0xFFFF) {
        out.push_back(static_cast<char>(126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    } else {
        out.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
    }
    out.append(payload);
    return out;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
    std::string out;
    out.push_back(static_cast<char>(code >> 8));
    out.push_back(static_cast<char>(code & 0xFF));
    // 125 bytes in a control frame, 2 of them the code. Cutting may split a UTF-8 sequence, so
    // whole code points are kept.
    std::size_t keep = std::min<std::size_t>(reason.size(), 123);
    while (keep > 0 && keep < reason.size() && (static_cast<std::uint8_t>(reason[keep]) & 0xC0) == 0x80) --keep;
    out.append(reason.substr(0, keep));
    return out;
}

std::uint16_t close_code_of(std::string_view payload) {
    if (payload.empty()) return 1005;
    if (payload.size() == 1) return 0;
    const auto code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                 static_cast<std::uint8_t>(payload[1]));
    // RFC 6455 7.4.1/7.4.2: 1004-1006 and 1015 are reserved, below 1000 unused, 1012-2999 for the
    // IANA registry's later codes (1012-1014 are registered), 3000-4999 for applications.
    const bool valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    return valid ? code : 0;
}

}  // namespace frontline::net::ws
