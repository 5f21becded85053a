export interface ResourceTable {
  id: string;
  host: string;
  upstream: string;
  name_en: string;
  name_hi: string;
  purpose_en: string;
  purpose_hi: string;
  /** JSON array of wing ids; empty means every wing. */
  allowed_wings: string;
  enabled: number;
}

export interface SigningKeyTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk_enc: string;
  created_at: number;
  retired_at: number | null;
}
