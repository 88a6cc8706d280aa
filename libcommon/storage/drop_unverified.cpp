// The fetching peer's check of a FetchAns (RFC 6940 s7.4.2.2).
#include <algorithm>
#include <variant>

#include "libcommon/storage/data_store.hpp"
#include "libcommon/storage/value_check.hpp"

namespace disco::storage {

namespace msg = reload::msg;

namespace {

// What a storing peer answers for a gap or a missing key (s7.4.2.2): unsigned, exists=False, empty.
// Such a value asserts nothing, so it is kept; an unsigned value claiming content is not.
bool is_gap_marker(const msg::StoredData& data) {
  const auto* v = std::visit(
      [](const auto& entry) -> const msg::DataValue* {
        if constexpr (std::is_same_v<std::decay_t<decltype(entry)>, msg::DataValue>) {
          return &entry;
        } else {
          return &entry.value;
        }
      },
      data.value.value);
  return !v->exists && v->value.empty();
}

}  // namespace

std::size_t drop_unverified(msg::FetchAns& answer, const reload::ResourceId& resource,
                            std::span<const msg::GenericCertificate> certificates, const KindRegistry& kinds,
                            const security::Verifier& verifier, const msg::CodecContext& ctx) {
  // The signature input needs each kind's model in the table; the registry is the authority.
  auto local = ctx;
  for (const auto& k : kinds.all()) local.kinds.set(k.id, k.model);

  std::size_t dropped = 0;
  for (auto& kr : answer.kind_responses) {
    auto* values = std::get_if<std::vector<msg::StoredData>>(&kr.values);
    const auto* def = kinds.find(kr.kind);
    if (values == nullptr || def == nullptr) {
      // Values of a kind we do not know cannot be checked: all go. Undecoded ones count as one.
      dropped +=
          values != nullptr ? values->size() : (std::get<msg::UnknownKindValues>(kr.values).bytes.empty() ? 0 : 1);
      kr.values = std::vector<msg::StoredData>{};
      continue;
    }
    const auto before = values->size();
    std::erase_if(*values, [&](const msg::StoredData& v) {
      if (v.model() != def->model) return true;
      if (is_synthesized(v.signature)) return !is_gap_marker(v);
      return !check_value(*def, resource, v, certificates, verifier, local).has_value();
    });
    dropped += before - values->size();
  }
  return dropped;
}

}  // namespace disco::storage
