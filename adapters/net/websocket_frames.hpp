#pragma once
// RFC 6455 framing for the server side of a WebSocket, with no I/O: reads the frames a client sent
// (masked, section 5.2/5.3) and writes ours (unmasked). Used by the lean server connection
// (lean_websocket.cpp), which keeps an idle socket without a Beast stream; tested and fuzzed alone.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace frontline::net::ws {

enum class Opcode : std::uint8_t { continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA };

/// One frame read from the front of a buffer.
struct ClientFrame {
    enum class Status {
        incomplete,  ///< the buffer holds less than the whole frame: read more
        frame,       ///< `opcode`, `fin`, `payload` (unmasked) and `size` (bytes consumed) are set
        failed,      ///< the peer broke the protocol: close with `close_code`, `reason` says why
    };
    Status status = Status::incomplete;
    Opcode opcode = Opcode::continuation;
    bool fin = false;
    std::string payload;
    std::size_t size = 0;
    std::uint16_t close_code = 0;
    std::string reason;
};

/// Reads the frame at the front of `buffer`. `max_payload` bounds one frame's payload; a longer
/// one fails with 1009 as soon as its header is read, before any of it is buffered. Checks what
/// a frame alone can break: reserved bits (no extension is negotiated), unknown opcodes, unmasked
/// client frames, fragmented or oversize control frames, non-minimal 64-bit lengths.
ClientFrame read_client_frame(std::string_view buffer, std::size_t max_payload);

/// Our frame (server to client: unmasked, final), header and payload.
std::string server_frame(Opcode opcode, std::string_view payload);

/// A close frame's payload: the code, then the reason (cut to fit a control frame).
std::string close_payload(std::uint16_t code, std::string_view reason);

/// What a close frame's payload says: its code (1005 "no status" when empty), or 0 when the payload
/// is malformed (one byte, or a code no endpoint may send, RFC 6455 7.4).
std::uint16_t close_code_of(std::string_view payload);

}  // namespace frontline::net::ws
