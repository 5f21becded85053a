export interface SigningKeyTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk_enc: string;
  created_at: number;
  retired_at: number | null;
}
