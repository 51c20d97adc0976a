#!/usr/bin/env python3
# Writes TorchScript stand-ins of the StableSR components (contract of docs/model-contracts.md),
# to check the DJL/TorchScript path by hand: needs PyTorch (Debian: apt-get install python3-torch).
#   mkdir -p /tmp/ts && cp -r ~/.cache/hybridsr/stand-ins/v1/stablesr/tokenizer /tmp/ts/
#   /usr/bin/python3 scripts/torchscript-stablesr-standins.py /tmp/ts
#   DJL_CACHE_DIR=/tmp/djl-cache mvn -B -ntp -Pcpu,djl-native -pl inference -am verify -Dtest=none \
#     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
#     -Dit.test=TorchScriptStableSrITCase -Dhybridsr.torchscript.dir=/tmp/ts
import sys, torch, torch.nn as nn, torch.nn.functional as F, shutil, os
out = sys.argv[1]
torch.manual_seed(0)
def temb(t: torch.Tensor, dim: int = 32):
    half = dim // 2
    f = torch.exp(-torch.log(torch.tensor(10000.0)) * torch.arange(half, dtype=torch.float32) / half)
    a = t.float().unsqueeze(1) * f.unsqueeze(0)
    return torch.cat([torch.cos(a), torch.sin(a)], dim=1)
class Text(nn.Module):
    def __init__(s): super().__init__(); s.e = nn.Embedding(700, 32); s.ln = nn.LayerNorm(32)
    def forward(s, input_ids): return s.ln(s.e(input_ids))
class VaeEnc(nn.Module):
    def __init__(s): super().__init__(); s.a = nn.Conv2d(3, 8, 3, 2, 1); s.b = nn.Conv2d(8, 8, 3, 2, 1); s.c = nn.Conv2d(8, 4, 3, 2, 1)
    def forward(s, sample): return s.c(F.silu(s.b(F.silu(s.a(sample)))))
class Struct(nn.Module):
    def __init__(s): super().__init__(); s.a = nn.Conv2d(4, 16, 3, 1, 1); s.b = nn.Conv2d(16, 32, 3, 2, 1); s.t = nn.Linear(32, 16)
    def forward(s, lr_latent, timestep):
        h0 = s.a(lr_latent) + s.t(temb(timestep))[:, :, None, None]
        return h0, s.b(F.silu(h0))
class Unet(nn.Module):
    def __init__(s):
        super().__init__(); s.i = nn.Conv2d(4, 16, 3, 1, 1); s.d = nn.Conv2d(16, 32, 3, 2, 1); s.q = nn.Linear(32, 32); s.k = nn.Linear(32, 32)
        s.o = nn.Conv2d(48, 4, 3, 1, 1); s.t = nn.Linear(32, 16)
    def forward(s, sample, timestep, encoder_hidden_states, c0, c1):
        h0 = s.i(sample) * (1 + c0) + s.t(temb(timestep))[:, :, None, None]
        h1 = s.d(F.silu(h0)) + c1
        b, c, hh, ww = h1.shape
        q = s.q(h1.flatten(2).transpose(1, 2)); k = s.k(encoder_hidden_states)
        att = torch.softmax(torch.matmul(q, k.transpose(1, 2)) / 5.657, dim=-1); att = torch.matmul(att, k)
        h1 = h1 + att.transpose(1, 2).reshape(b, c, hh, ww)
        up = F.interpolate(h1, size=(h0.shape[2], h0.shape[3]), mode="nearest")
        return s.o(torch.cat([up, h0], 1))
class VaeDec(nn.Module):
    def __init__(s): super().__init__(); s.a = nn.Conv2d(4, 8, 3, 1, 1); s.b = nn.Conv2d(8, 3, 3, 1, 1)
    def forward(s, latent_sample): return s.b(F.interpolate(F.silu(s.a(latent_sample)), scale_factor=8.0, mode="nearest"))
for name, m in [("text_encoder", Text()), ("vae_encoder", VaeEnc()), ("struct_encoder", Struct()), ("unet", Unet()), ("vae_decoder", VaeDec())]:
    os.makedirs(os.path.join(out, name), exist_ok=True)
    torch.jit.script(m.eval()).save(os.path.join(out, name, "model.pt"))
print("ok")
