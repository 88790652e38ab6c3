#pragma once
// Bot API updates (getUpdates results and webhook bodies) -> neutral InboundEvents. Pure: no I/O.
// https://core.telegram.org/bots/api#update
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/clock.hpp"
#include "core/message.hpp"
#include "core/result.hpp"

namespace frontline::telegram {

/// The largest file the Bot API lets a bot download (getFile refuses bigger ones).
inline constexpr std::uint64_t kBotApiDownloadLimit = 20u * 1024 * 1024;

/// Who we are (getMe): our own messages are never events, and "/cmd@OurName" is ours.
struct BotIdentity {
    std::int64_t id = 0;
    std::string username;  ///< without '@'
};

/// What decoding needs besides the update itself.
struct UpdateContext {
    BotIdentity self;
    std::set<std::string> agents_chats;  ///< the agents' groups; messages in other groups are not ours
    TimePoint now{};
    /// Of a photo's sizes, the largest whose declared file_size is at most this is taken (the
    /// Bot API lets bots download up to 20 MB: https://core.telegram.org/bots/api#getfile).
    std::uint64_t max_photo_bytes = kBotApiDownloadLimit;
};

/// The bot was added to or removed from a chat (my_chat_member).
struct Membership {
    std::string chat_id;
    std::string chat_title;
    std::string status;  ///< the bot's new status: member, administrator, left, kicked, restricted
    bool present() const { return status == "member" || status == "administrator" || status == "creator" || status == "restricted"; }
};

/// One update, decoded.
struct DecodedUpdate {
    std::int64_t update_id = 0;
    /// The neutral event, if the update is one. For a button press its payload is still empty:
    /// callback_data is an opaque reference (see message_renderer.hpp) the connector resolves.
    std::optional<InboundEvent> event;
    std::string callback_query_id;  ///< every press is answered (answerCallbackQuery), events or not
    std::string callback_data;      ///< as pressed
    std::optional<Membership> membership;
    std::string ignored;            ///< why no event, for debug logs
};

/// One getUpdates answer.
struct UpdateBatch {
    std::vector<DecodedUpdate> updates;
    /// The offset that confirms every update of this batch (highest update_id + 1); nullopt when
    /// the batch is empty (the offset stays).
    std::optional<std::int64_t> next_offset;
};

/// Decodes the result of a successful getUpdates ({"ok":true,"result":[…]}). A body that is not
/// that is a protocol error; an update that is malformed inside a good body is skipped with a
/// reason (it still advances the offset: Telegram would send it again forever).
Result<UpdateBatch> parse_get_updates(std::string_view body, const UpdateContext& ctx);

/// Decodes one Update object (a webhook POST body). protocol error when it is not an object with
/// an update_id.
Result<DecodedUpdate> parse_update(std::string_view body, const UpdateContext& ctx);

/// The neutral text of a message: every bot_command addressed to us loses its "@OurName" suffix,
/// commands addressed to another bot leave `for_us` false, mentions of us are removed, and
/// text_mention entities become "@<user id>" with the identity appended to `mentions`.
/// Entity offsets are UTF-16 code units. Exposed for tests.
struct NeutralText {
    std::string text;
    std::vector<Identity> mentions;
    bool for_us = true;
    bool command = false;  ///< starts with a bot_command
};
NeutralText neutral_text(std::string_view text, const nlohmann::json& entities, const BotIdentity& self);

/// The files of a message: its photo (one PhotoSize: the largest within `max_photo_bytes`, else
/// the smallest) and its document, as attachments whose platform_ref is the file_id. Entries that
/// are not well-formed (no file_id, odd types) are left out. Exposed for tests.
std::vector<Attachment> message_attachments(const nlohmann::json& message, std::uint64_t max_photo_bytes);

/// Telegram's language_code ("it", "en-GB", "pt-br") -> our locale hint ("it", "en", "pt").
std::string locale_of(std::string_view language_code);

}  // namespace frontline::telegram
