"""Reference values for @llmnist/distill's tests, computed with PyTorch (independent of the TS code).

Run from the repository root (needs ../shared beside it; the tests themselves need no Python):

    PY="$(bash ../shared/tools/setup-reference.sh /tmp/llmnist-ref | tail -1)"
    "$PY" packages/distill/scripts/make-fixtures.py > packages/distill/src/fixtures/reference.json

Inputs are seeded float32 tensors (stored exactly in the JSON); the losses and the gradients
w.r.t. the student are computed in float64 from those float32 values with
torch.nn.functional.kl_div(log_target=True), F.log_softmax and F.cosine_similarity.
"""

import json
import sys

import torch
import torch.nn.functional as F


def rand(gen, shape, scale):
    # float32 inputs, as the TS side gets them; the math below runs in float64
    return (torch.randn(*shape, generator=gen, dtype=torch.float32) * scale).to(torch.float32)


def kl_reference(teacher, student, direction, temperature, mask, zero_logits):
    """Teacher/student float32 [..., V_active]; zero_logits extra columns of logit exactly 0."""
    t = teacher.to(torch.float64)
    s = student.to(torch.float64).clone().requires_grad_(True)
    zeros = torch.zeros(*t.shape[:-1], zero_logits, dtype=torch.float64)
    log_p = F.log_softmax(torch.cat([t, zeros], -1) / temperature, dim=-1).detach()  # teacher: no gradient
    log_q = F.log_softmax(torch.cat([s, zeros], -1) / temperature, dim=-1)
    if direction == "forward":  # KL(p || q) = sum p (log p - log q): kl_div(input=log q, target=log p)
        per_position = F.kl_div(log_q, log_p, log_target=True, reduction="none").sum(-1)
    else:  # KL(q || p) = sum q (log q - log p): kl_div(input=log p, target=log q)
        per_position = F.kl_div(log_p, log_q, log_target=True, reduction="none").sum(-1)
    if mask is None:
        loss = per_position.mean()
    else:
        w = mask.to(torch.float64)
        loss = (per_position * w).sum() / w.sum()
    loss = loss * temperature**2
    loss.backward()
    return loss.item(), s.grad


def relation_reference(student, teacher):
    s = student.to(torch.float64).clone().requires_grad_(True)
    t = teacher.to(torch.float64)
    r_s = s @ s.transpose(1, 2)  # [B, N, N]
    r_t = (t @ t.transpose(1, 2)).detach()
    cos = F.cosine_similarity(r_s.flatten(1), r_t.flatten(1), dim=1, eps=1e-8)  # [B]
    loss = (1 - cos).mean()
    loss.backward()
    return loss.item(), s.grad


def as_list(x):
    return x.tolist() if x is not None else None


def kl_case(gen, name, shape, direction, temperature, with_mask, zero_logits=0, scale=2.0):
    teacher = rand(gen, shape, scale)
    student = rand(gen, shape, scale)
    mask = None
    if with_mask:
        mask = (torch.rand(*shape[:-1], generator=gen) < 0.6).to(torch.float32)
        mask.view(-1)[0] = 1.0  # at least one position
    loss, grad = kl_reference(teacher, student, direction, temperature, mask, zero_logits)
    return {
        "name": name,
        "teacher": as_list(teacher),
        "student": as_list(student),
        "mask": as_list(mask),
        "direction": direction,
        "temperature": temperature,
        "zeroLogits": zero_logits,
        "loss": loss,
        "studentGrad": as_list(grad),
    }


def relation_case(gen, name, batch, n, d_s, d_t, scale=1.0):
    student = rand(gen, (batch, n, d_s), scale)
    teacher = rand(gen, (batch, n, d_t), scale)
    loss, grad = relation_reference(student, teacher)
    return {
        "name": name,
        "student": as_list(student),
        "teacher": as_list(teacher),
        "loss": loss,
        "studentGrad": as_list(grad),
    }


def main():
    gen = torch.Generator().manual_seed(20261203)
    kl = [
        kl_case(gen, "forward T=1, no mask, [2,3,7]", (2, 3, 7), "forward", 1.0, False),
        kl_case(gen, "reverse T=1, no mask, [2,3,7]", (2, 3, 7), "reverse", 1.0, False),
        kl_case(gen, "forward T=2, mask, [3,4,9]", (3, 4, 9), "forward", 2.0, True),
        kl_case(gen, "reverse T=2, mask, [3,4,9]", (3, 4, 9), "reverse", 2.0, True),
        kl_case(gen, "forward T=1, rank 2 [5,11]", (5, 11), "forward", 1.0, False),
        kl_case(gen, "reverse T=0.5, mask, rank 2 [6,13]", (6, 13), "reverse", 0.5, True),
        kl_case(gen, "forward T=2, wide logits (scale 8), [2,300]", (2, 300), "forward", 2.0, False, scale=8.0),
        kl_case(gen, "forward T=2, mask, 6 active + 1000 zero logits", (2, 3, 6), "forward", 2.0, True, zero_logits=1000),
        kl_case(gen, "reverse T=1, 5 active + 40 zero logits", (4, 5), "reverse", 1.0, False, zero_logits=40),
    ]
    relation = [
        relation_case(gen, "batch 3, N=4, D_s=5 != D_t=8", 3, 4, 5, 8),
        relation_case(gen, "batch 1, N=3, D_s=D_t=6", 1, 3, 6, 6),
        relation_case(gen, "batch 2, N=6, D_s=16, D_t=3, scale 3", 2, 6, 16, 3, scale=3.0),
    ]
    json.dump(
        {
            "generator": "packages/distill/scripts/make-fixtures.py",
            "torch": torch.__version__,
            "kl": kl,
            "relation": relation,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
