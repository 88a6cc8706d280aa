#include "libcommon/security/hash.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <limits>
#include <stdexcept>

namespace disco::security {

namespace {
template <std::size_t N>
std::array<std::uint8_t, N> digest(const EVP_MD* md, base::BytesView data) {
  std::array<std::uint8_t, N> out{};
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure; a zero digest would silently match, so stop.
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != N)
    throw std::runtime_error("EVP_Digest failed");
  return out;
}
}  // namespace

Sha1Digest sha1(base::BytesView data) { return digest<20>(EVP_sha1(), data); }
Sha256Digest sha256(base::BytesView data) { return digest<32>(EVP_sha256(), data); }

std::uint32_t overlay_hash(std::string_view overlay_name) {
  const auto d = sha1(base::as_bytes(overlay_name));
  return (std::uint32_t{d[16]} << 24) | (std::uint32_t{d[17]} << 16) | (std::uint32_t{d[18]} << 8) | d[19];
}

reload::ResourceId resource_id_for_bytes(base::BytesView data) {
  const auto d = sha1(data);
  return reload::ResourceId{base::Bytes(d.begin(), d.begin() + 16)};
}

reload::ResourceId resource_id_for(std::string_view name) { return resource_id_for_bytes(base::as_bytes(name)); }

base::Bytes random_bytes(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::invalid_argument("random_bytes: too many");
  base::Bytes out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
  return out;
}

reload::NodeId random_node_id(std::size_t length) {
  if (length < reload::NodeId::min_size || length > reload::NodeId::max_size)
    throw std::invalid_argument("Node-ID length must be 16..20");
  return *reload::NodeId::from_bytes(random_bytes(length));
}

}  // namespace disco::security
