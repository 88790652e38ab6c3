// WebSocket frames as the server reads them, both ways it does: the lean framing of plain
// connections (adapters/net/websocket_frames.*: frames read from the front of a buffer until it
// fails or needs more, each ours written back), and a Beast server-side stream (TLS connections;
// the options of adapters/net/websocket.cpp: 64 KiB messages) over an in-memory transport, after
// a valid handshake, reading whatever frames the input holds until the stream fails or closes.
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "adapters/net/websocket_frames.hpp"

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

void read_lean(std::string_view input) {
    namespace ws = frontline::net::ws;
    while (!input.empty()) {
        const ws::ClientFrame f = ws::read_client_frame(input, 64 * 1024);
        if (f.status != ws::ClientFrame::Status::frame) return;
        if (f.size == 0 || f.size > input.size()) __builtin_trap();  // must consume, within the input
        if (f.opcode == ws::Opcode::close) (void)ws::close_code_of(f.payload);
        // What we would write back parses as one frame of the same payload once masked.
        const std::string ours = ws::server_frame(f.opcode, f.payload);
        if (ours.size() < f.payload.size() + 2) __builtin_trap();
        input.remove_prefix(f.size);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    read_lean(std::string_view(reinterpret_cast<const char*>(data), size));
    boost::asio::io_context io;
    beast::test::stream server(io);
    beast::test::stream client(io);
    server.connect(client);
    std::string input =
        "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    input.append(reinterpret_cast<const char*>(data), size);
    client.append(input);
    client.close();  // the peer's end of input: the server then sees EOF
    websocket::stream<beast::test::stream&> ws(server);
    ws.read_message_max(64 * 1024);
    boost::system::error_code ec;
    ws.accept(ec);
    if (ec) return 0;
    beast::flat_buffer buffer;
    for (int frames = 0; frames < 1000 && !ec; ++frames) {
        buffer.clear();
        ws.read(buffer, ec);
        if (!ec) (void)ws.got_text();
    }
    return 0;
}
