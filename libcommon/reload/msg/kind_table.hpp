#pragma once
// The data model of a kind is not on the wire (RFC 6940 s7.2): it comes from the IANA registry or
// the overlay configuration's kind-blocks, so decoders of StoredData take a KindTable.

#include <cstdint>
#include <map>
#include <optional>

namespace disco::reload::msg {

using KindId = std::uint32_t;

enum class DataModel : std::uint8_t { single_value, array, dictionary };

// IANA Kind-IDs (s14.6; RFC 7904, RFC 8076, RFC 7374).
namespace kinds {
inline constexpr KindId sip_registration = 0x1;
inline constexpr KindId turn_service = 0x2;
inline constexpr KindId certificate_by_node = 0x3;
inline constexpr KindId access_control_list = 0x4;
inline constexpr KindId certificate_by_user = 0x10;
inline constexpr KindId redir = 0x104;
// Private Kind-IDs, defined only in an overlay configuration document (s14.6).
inline constexpr KindId private_first = 0xF0000001;
inline constexpr KindId private_last = 0xFFFFFFFE;
}  // namespace kinds

class KindTable {
 public:
  // An empty table; with_iana() adds the registered kinds.
  KindTable() = default;
  static KindTable with_iana();

  void set(KindId kind, DataModel model) { models_[kind] = model; }
  [[nodiscard]] std::optional<DataModel> model(KindId kind) const {
    auto it = models_.find(kind);
    if (it == models_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<KindId, DataModel> models_;
};

}  // namespace disco::reload::msg
