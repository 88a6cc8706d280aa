#include "libcommon/storage/digest.hpp"

#include <openssl/evp.h>

#include <memory>

#include "libcommon/reload/msg/security_block.hpp"

namespace disco::storage {
namespace {

const EVP_MD* md_for(std::uint8_t hash_alg) {
  namespace h = reload::msg::hash_algorithm;
  switch (hash_alg) {
    case h::md5: return EVP_md5();
    case h::sha1: return EVP_sha1();
    case h::sha224: return EVP_sha224();
    case h::sha256: return EVP_sha256();
    case h::sha384: return EVP_sha384();
    case h::sha512: return EVP_sha512();
    default: return nullptr;
  }
}

// One-shot digest of two parts. OpenSSL fails here only on allocation failure, which the rest of
// the program treats as fatal too; we return an empty digest then, which matches nothing.
base::Bytes run(const EVP_MD* md, base::BytesView a, base::BytesView b) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  base::Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 || EVP_DigestUpdate(ctx.get(), a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), b.data(), b.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1) {
    return {};
  }
  out.resize(len);
  return out;
}

}  // namespace

Sha256 sha256(base::BytesView a, base::BytesView b) {
  Sha256 out{};
  const auto d = run(EVP_sha256(), a, b);
  if (d.size() == out.size()) std::copy(d.begin(), d.end(), out.begin());
  return out;
}

reload::ResourceId overlay_hash(base::BytesView a, base::BytesView b) {
  auto d = run(EVP_sha1(), a, b);
  d.resize(16);  // the most significant 128 bits (s10.2)
  return reload::ResourceId{std::move(d)};
}

std::optional<base::Bytes> digest(std::uint8_t hash_alg, base::BytesView a, base::BytesView b) {
  const EVP_MD* md = md_for(hash_alg);
  if (md == nullptr) return std::nullopt;
  return run(md, a, b);
}

}  // namespace disco::storage
