import { md5 } from '@noble/hashes/legacy.js'

// CREDEBL decrypts the password it receives with CryptoJS: `AES.decrypt(value, CRYPTO_PRIVATE_KEY)`,
// then `JSON.parse`. What its front end sends is `CryptoJS.AES.encrypt(JSON.stringify(password), key)`:
// OpenSSL's passphrase format — base64 of "Salted__", an 8-byte salt and the AES-256-CBC ciphertext,
// key and IV from EVP_BytesToKey (MD5, one round). Here with WebCrypto's AES-CBC (PKCS#7 padding, as
// CryptoJS pads) and @noble/hashes' MD5 (WebCrypto has none). Loaded with the first password sent.

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** The password as CREDEBL's front end encrypts it for `passphrase` (the deployment's CRYPTO_PRIVATE_KEY). */
export async function encryptPassword(password: string, passphrase: string): Promise<string> {
  const text = new TextEncoder()
  const salt = crypto.getRandomValues(new Uint8Array(8))
  const secret = text.encode(passphrase)
  // EVP_BytesToKey: D_i = MD5(D_{i-1} || passphrase || salt) until 32 key bytes and 16 IV bytes
  let derived = new Uint8Array(0)
  for (let block = new Uint8Array(0); derived.length < 48; ) {
    block = md5(concat(block, secret, salt))
    derived = concat(derived, block)
  }
  const key = await crypto.subtle.importKey('raw', derived.slice(0, 32), 'AES-CBC', false, ['encrypt'])
  const sealed = await crypto.subtle.encrypt({ name: 'AES-CBC', iv: derived.slice(32, 48) }, key, text.encode(JSON.stringify(password)))
  const bytes = concat(text.encode('Salted__'), salt, new Uint8Array(sealed))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}
