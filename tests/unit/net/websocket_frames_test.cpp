// RFC 6455 framing of the lean server WebSocket: what a client may send, what we answer.
#include <gtest/gtest.h>

#include "adapters/net/websocket_accept_key.hpp"
#include "adapters/net/websocket_frames.hpp"

namespace frontline::net::ws {
namespace {

/// A client frame as a browser sends it: masked with `mask`.
std::string client_frame(std::uint8_t first_byte, std::string_view payload, std::string_view mask = "\x11\x22\x33\x44") {
    std::string out;
    out.push_back(static_cast<char>(first_byte));
    const std::uint64_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<char>(0x80 | n));
    } else if (n <= 0xFFFF) {
        out.push_back(static_cast<char>(0x80 | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    } else {
        out.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
    }
    out.append(mask);
    for (std::size_t i = 0; i < payload.size(); ++i) out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
    return out;
}

TEST(WebSocketFrames, AMaskedTextFrameIsUnmaskedAndItsSizeReported) {
    const std::string wire = client_frame(0x81, "ciao") + "next";
    auto f = read_client_frame(wire, 1024);
    ASSERT_EQ(f.status, ClientFrame::Status::frame);
    EXPECT_EQ(f.opcode, Opcode::text);
    EXPECT_TRUE(f.fin);
    EXPECT_EQ(f.payload, "ciao");
    EXPECT_EQ(f.size, wire.size() - 4);
}

TEST(WebSocketFrames, APartialFrameAsksForMoreAtEveryCut) {
    const std::string wire = client_frame(0x81, std::string(300, 'x'));
    for (std::size_t cut = 0; cut < wire.size(); ++cut)
        EXPECT_EQ(read_client_frame(std::string_view(wire).substr(0, cut), 1024).status, ClientFrame::Status::incomplete) << cut;
    EXPECT_EQ(read_client_frame(wire, 1024).payload, std::string(300, 'x'));
}

TEST(WebSocketFrames, SixteenAndSixtyFourBitLengths) {
    for (std::size_t n : {126u, 65535u, 65536u, 200000u}) {
        auto f = read_client_frame(client_frame(0x82, std::string(n, 'a')), 1 << 20);
        ASSERT_EQ(f.status, ClientFrame::Status::frame) << n;
        EXPECT_EQ(f.payload.size(), n);
        EXPECT_EQ(f.opcode, Opcode::binary);
    }
}

TEST(WebSocketFrames, AnOversizeFrameFailsWith1009BeforeItsPayloadArrives) {
    std::string wire = client_frame(0x81, std::string(5000, 'x'));
    wire.resize(8);  // the header and the mask only
    auto f = read_client_frame(wire, 4096);
    ASSERT_EQ(f.status, ClientFrame::Status::failed);
    EXPECT_EQ(f.close_code, 1009);
}

TEST(WebSocketFrames, ProtocolViolationsFailWith1002) {
    std::string unmasked = "\x81\x02hi";
    EXPECT_EQ(read_client_frame(unmasked, 1024).close_code, 1002) << "client frames must be masked";
    EXPECT_EQ(read_client_frame(client_frame(0xC1, "x"), 1024).close_code, 1002) << "RSV1 without an extension";
    EXPECT_EQ(read_client_frame(client_frame(0x83, "x"), 1024).close_code, 1002) << "reserved opcode";
    EXPECT_EQ(read_client_frame(client_frame(0x09, "x"), 1024).close_code, 1002) << "fragmented ping";
    EXPECT_EQ(read_client_frame(client_frame(0x89, std::string(126, 'p')), 1024).close_code, 1002) << "long ping";
    // 5 bytes announced in the 16-bit form: not the shortest encoding.
    std::string long_form = "\x81\xFE";
    long_form += std::string("\x00\x05", 2) + "\x01\x02\x03\x04" + "abcde";
    EXPECT_EQ(read_client_frame(long_form, 1024).close_code, 1002);
}

TEST(WebSocketFrames, ServerFramesAreUnmaskedAndFinal) {
    EXPECT_EQ(server_frame(Opcode::text, "hi"), std::string("\x81\x02hi"));
    const std::string medium = server_frame(Opcode::text, std::string(300, 'a'));
    EXPECT_EQ(medium.substr(0, 4), std::string("\x81\x7E\x01\x2C", 4));
    const std::string large = server_frame(Opcode::text, std::string(70000, 'a'));
    EXPECT_EQ(large.substr(0, 10), std::string("\x81\x7F\x00\x00\x00\x00\x00\x01\x11\x70", 10));
    EXPECT_EQ(large.size(), 70010u);
    EXPECT_EQ(server_frame(Opcode::close, close_payload(1000, "")), std::string("\x88\x02\x03\xE8", 4));
}

TEST(WebSocketFrames, CloseCodes) {
    EXPECT_EQ(close_code_of(""), 1005);
    EXPECT_EQ(close_code_of(close_payload(1001, "going away")), 1001);
    EXPECT_EQ(close_code_of(close_payload(4000, "")), 4000);
    EXPECT_EQ(close_code_of("\x03"), 0) << "one byte";
    EXPECT_EQ(close_code_of(close_payload(1005, "")), 0) << "never sent on the wire";
    EXPECT_EQ(close_code_of(close_payload(999, "")), 0);
    // A reason longer than a control frame holds is cut at a whole code point.
    const std::string reason = close_payload(1000, std::string(122, 'a') + "\xC3\xA8" + "zzz");
    EXPECT_EQ(reason.size(), 2u + 122u);
}

TEST(WebSocketFrames, AcceptKeyOfRfc6455Example) {
    EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    EXPECT_EQ(accept_key(""), "");
    EXPECT_EQ(accept_key("not base64 at all!!!!!=="), "");
    EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ"), "") << "16 bytes are 24 characters";
}

}  // namespace
}  // namespace frontline::net::ws
