"""A character-level LSTM that learns to write like this repository's README.

``nn.Embedding`` -> ``nn.LSTM`` -> ``nn.Linear`` predicts each next character. The text
is cut into ``batch`` parallel streams, read ``seq_len`` characters at a time; the LSTM's
state carries over from one chunk to the next but is ``.detach()``-ed, so each
backward pass stops at the chunk boundary (truncated backpropagation through time).
It prints the loss falling and a sample drawn early and one drawn at the end.

    python examples/char_lstm.py [--steps 200]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import autograd  # noqa: E402
import nn  # noqa: E402
from autograd import Tensor  # noqa: E402

SEED = 0


class CharLSTM(nn.Module):
    """Characters (batch, seq) -> next-character scores (batch, seq, vocab)."""

    def __init__(self, vocab: int, embed: int = 32, hidden: int = 128) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, idx: Any, state: Any = None) -> tuple[Any, Any]:
        out, state = self.lstm(self.embed(idx), state)
        return self.head(out), state


def sample(model: CharLSTM, chars: list[str], start: str, n: int, rng: np.random.Generator,
           temperature: float = 0.8) -> str:
    """``n`` characters drawn one at a time after priming the LSTM with ``start``."""
    lookup = {c: i for i, c in enumerate(chars)}
    out = list(start)
    model.eval()
    with autograd.no_grad():
        scores, state = model(Tensor(np.array([[lookup[c] for c in start]])))
        for _ in range(n):
            z = scores.numpy()[0, -1].astype(np.float64) / temperature
            p = np.exp(z - z.max())
            k = int(rng.choice(len(chars), p=p / p.sum()))
            out.append(chars[k])
            scores, state = model(Tensor(np.array([[k]])), state)
    model.train()
    return "".join(out)


def train(steps: int = 200, seq_len: int = 32, batch: int = 32, lr: float = 1e-2, seed: int = SEED,
          text: str | None = None, verbose: bool = False) -> dict[str, Any]:
    """Train on ``text`` (default: README.md); return the loss of every step and the
    samples drawn after the first and the last ``steps // 10`` steps."""
    autograd.manual_seed(seed)
    rng = np.random.default_rng(seed)
    text = text if text is not None else (ROOT / "README.md").read_text(encoding="utf-8")
    chars = sorted(set(text))
    data = np.searchsorted(np.array(chars), np.array(list(text)))  # chars is sorted
    per_stream = (len(data) - 1) // batch
    streams = data[:per_stream * batch].reshape(batch, per_stream)
    targets = data[1:per_stream * batch + 1].reshape(batch, per_stream)

    prime = "The " if set("The ") <= set(chars) else text[:4]
    model = CharLSTM(len(chars))
    opt = nn.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    state = None
    losses: list[float] = []
    samples: dict[str, str] = {}
    pos = 0
    for step in range(steps):
        if pos + seq_len > per_stream:  # back to the start of every stream, fresh state
            pos, state = 0, None
        x = Tensor(streams[:, pos:pos + seq_len])
        t = Tensor(targets[:, pos:pos + seq_len].reshape(-1))
        pos += seq_len
        scores, state = model(x, state)
        state = tuple(s.detach() for s in state)  # truncated BPTT: no gradient past this chunk
        loss = loss_fn(scores.reshape((-1, len(chars))), t)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        losses.append(loss.item())
        if step + 1 in (max(steps // 10, 1), steps):
            name = "early" if step + 1 < steps else "late"
            samples[name] = sample(model, chars, prime, 160, rng)
        if verbose and (step % 25 == 0 or step == steps - 1):
            print(f"step {step:4d}  loss {np.mean(losses[-25:]):.3f}  (uniform guess: {np.log(len(chars)):.3f})")
    return {"losses": losses, "samples": samples, "vocab": len(chars)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args(argv)
    r = train(args.steps, verbose=True)
    first, last = np.mean(r["losses"][:10]), np.mean(r["losses"][-10:])
    print(f"\ncross-entropy per character: {first:.3f} over the first 10 steps, {last:.3f} over the last 10")
    print(f"\nsample after {max(args.steps // 10, 1)} steps:\n{r['samples']['early']}\n")
    print(f"sample after {args.steps} steps:\n{r['samples']['late']}")
    assert last < 0.7 * first, "the loss should fall"
    return 0


if __name__ == "__main__":
    sys.exit(main())
