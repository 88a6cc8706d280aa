#include "tests/support/sample_messages.hpp"

#include "libcommon/base/bytes.hpp"
#include "tests/support/vectors.hpp"

namespace disco::test {

namespace msg = reload::msg;

namespace {

msg::Message wrap(msg::MessageCode code, base::Bytes body, std::uint64_t transaction_id) {
  msg::Message m;
  m.header.overlay = 0x9aa32b8d;
  m.header.transaction_id = transaction_id;
  m.header.ttl = static_cast<std::uint8_t>(100 - transaction_id % 50);
  m.header.destination_list.push_back({*reload::NodeId::from_hex("f0e0d0c0b0a090807060504030201000")});
  m.contents.message_code = code;
  m.contents.message_body = std::move(body);
  m.security.certificates.push_back({0, load_hex_vector("reload/certificate_x509.hex")});
  m.security.signature.identity.value = msg::CertHash{msg::hash_algorithm::sha256, base::Bytes(32, 0xab)};
  m.security.signature.signature_value = base::Bytes(64, 0xcd);
  return m;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

}  // namespace

std::vector<Sample> sample_messages() {
  std::vector<Sample> out;
  std::uint64_t tid = 0x1000;
  auto ping = msg::decode_message(load_hex_vector("reload/message_ping_req.hex"), {});
  out.push_back({"ping_req", wrap(msg::MessageCode::ping_req, ping->contents.message_body, tid++)});
  auto error = msg::decode_message(load_hex_vector("reload/message_error.hex"), {});
  out.push_back({"error", wrap(msg::MessageCode::error, error->contents.message_body, tid++)});
  return out;
}

ExpectedFields expected_fields(const Sample& sample, const msg::CodecContext& /*ctx*/) {
  ExpectedFields f;
  std::vector<std::string> ids;
  for (const auto* list : {&sample.message.header.via_list, &sample.message.header.destination_list}) {
    for (const auto& d : *list) {
      if (d.is_node()) ids.push_back(std::get<reload::NodeId>(d.value).to_hex());
    }
  }
  f.destination_node_ids = join(ids);
  return f;
}

}  // namespace disco::test
