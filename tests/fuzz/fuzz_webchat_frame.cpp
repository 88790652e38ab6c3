// Web chat client frames (adapters/webchat/protocol.cpp): the parser must never throw or crash,
// and whatever it accepts or refuses must render back as valid JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "adapters/webchat/protocol.hpp"
#include "core/text.hpp"

using namespace frontline::webchat;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    ParsedFrame parsed = parse_client_frame(input);
    std::string rendered;
    if (auto* error = std::get_if<ProtocolError>(&parsed)) {
        rendered = render_error(*error);
    } else if (auto* hello = std::get_if<Hello>(&std::get<ClientFrame>(parsed))) {
        // A display name reaches cards: one line, always.
        if (hello->name.find_first_of("\r\n") != std::string::npos) std::abort();
        rendered = render_welcome(hello->session, hello->agent_id, hello->epoch, hello->last_seq, hello->role);
    } else if (auto* text = std::get_if<UserText>(&std::get<ClientFrame>(parsed))) {
        Entry e;
        e.id = text->id;
        e.text = text->text;
        rendered = render_entry(e);
    }
    if (!rendered.empty() && nlohmann::json::parse(rendered, nullptr, false).is_discarded()) std::abort();
    const std::string folded = one_line(input);
    if (folded.find('\n') != std::string::npos) std::abort();
    if (frontline::is_valid_utf8(input) && !frontline::is_valid_utf8(folded)) std::abort();
    return 0;
}
