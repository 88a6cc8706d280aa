#include "libcommon/storage/value_check.hpp"

#include <variant>

#include "libcommon/reload/msg/signature_input.hpp"
#include "libcommon/storage/access_policy.hpp"

namespace disco::storage {

namespace msg = reload::msg;

bool is_synthesized(const msg::Signature& signature) {
  const bool anonymous = signature.algorithm.hash == msg::hash_algorithm::none &&
                         signature.algorithm.signature == msg::signature_algorithm::anonymous;
  return anonymous || std::holds_alternative<msg::NoSignerIdentity>(signature.identity.value);
}

base::result<security::PeerIdentity, ValueFault> check_value(const KindDefinition& kind,
                                                             const reload::ResourceId& resource,
                                                             const msg::StoredData& data,
                                                             std::span<const msg::GenericCertificate> certificates,
                                                             const security::Verifier& verifier,
                                                             const msg::CodecContext& ctx) {
  if (is_synthesized(data.signature)) return base::failure{ValueFault::synthesized};
  // The input fails to build only when ctx does not give the kind the value's model.
  const auto input = msg::stored_data_signature_input(resource, kind.id, data, ctx);
  if (!input) return base::failure{ValueFault::bad_signature};
  auto signer = verifier.verify(data.signature, certificates, *input);
  if (!signer) return base::failure{ValueFault::bad_signature};
  auto designated = designated_identity(std::move(*signer), data.signature.identity);
  if (!policy_allows(kind, resource, designated, data.value)) return base::failure{ValueFault::policy};
  return designated;
}

}  // namespace disco::storage
