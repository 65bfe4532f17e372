#!/usr/bin/python3
"""pyg_batch.py — one training step of the tutorial model in PyG 2.4 on a batch written to a
directory, compared with what hgnn computed on the same batch (tools/README.md).

A batch directory holds, in formats both sides read:
  batch/n_id.<type>.npy               int32, the batch's global node ids per node type
  batch/edge_index.<edge type>.npy    int32 2 x E, local (src, dst) ids per edge type
  batch/edge_label_index.npy          int32 2 x L, local (user, movie) ids of the labels
  batch/edge_label.npy                float32 L, 1 positive, 0 negative
  params0.safetensors                 the weights before the step (PyG state_dict names)
and, when hgnn has run the step (tools/batch_step), what it computed:
  step.json                           {"loss": ..., "lr": ..., "betas": [..], "eps": ...}
  grads.safetensors                   every parameter's gradient, under the parameter's name
  params1.safetensors                 the weights after one Adam step

  pyg_batch.py check DIR   run the step in PyG from DIR's batch and params0; compare the loss,
                           every gradient and the weights after the step with DIR's files
  pyg_batch.py evaluate DIR --weights W   PyG's val and test AUC of weights W on hgnn's split
                           in DIR/split (hgnn_batch), as hgnn-run --load W --epochs 0 measures it
  pyg_batch.py train DIR    the tutorial trained and evaluated in PyG on hgnn's split in DIR/split
                           (one JSON line: epoch losses, val and test AUC)
  pyg_batch.py golden DIR  PyG's loss, gradient summaries and --steps losses on DIR's weights and
                           batches, as JSON: the golden numbers of tests/pyg/ (CI, no PyG)
  pyg_batch.py export DIR  split with --seed and sample the first --batches training batches with
                           PyG's own loader (batches/NNNN/batch/, the first also as DIR/batch/),
                           write the split (split/) and the tutorial's initial weights (params0);
                           hgnn then runs that batch (tools/README.md) and batch_stats.py compares
                           the split and batches with hgnn's

--conv graph_conv [--aggr A]: the model's two layers are GraphConv (examples/graph_conv.hgnn,
aggr mean) instead of SAGEConv; the weights load with lin_rel / lin_root names.
--conv gat: GATConv(64, 32, heads=2, add_self_loops=False) (examples/gat.hgnn); lin_src.weight
and lin_dst.weight are one tensor in both files, att_src / att_dst [1, 2, 32]. --conv gat_tuple:
GATConv((64, 64), 32, ...), lin_src.weight and lin_dst.weight two tensors (gat((64, 64), 32,
heads=2) in the .hgnn). The model has no attention dropout, so both sides compute the same
function.

Needs torch, pandas and PyG 2.4 on PYTHONPATH (see tools/README.md); never run by the tests.
"""
import argparse
import json
import os
import os.path as osp
import struct
import sys

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import torch_geometric.transforms as T
from torch_geometric.data import HeteroData
from torch_geometric.loader import LinkNeighborLoader
from torch_geometric.nn import GATConv, GraphConv, SAGEConv, to_hetero

import npfiles  # tools/: safetensors with numpy alone

ET = ("user", "rates", "movie")
REV_ET = ("movie", "rev_rates", "user")
EDGE_TYPES = (ET, REV_ET)
NODE_TYPES = ("user", "movie")


def et_name(et):
    return "__".join(et)


# ---- files ---------------------------------------------------------------------------------------

def read_safetensors(path):
    return {k: torch.from_numpy(v) for k, v in npfiles.read_safetensors(path).items()}


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        a = t.detach().contiguous().numpy().astype("<f4")
        header[name] = {"dtype": "F32", "shape": list(a.shape),
                        "data_offsets": [off, off + a.nbytes]}
        blobs.append(a.tobytes())
        off += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read_batch(d, sub="batch"):
    b = osp.join(d, sub)
    n_id = {t: torch.from_numpy(np.load(osp.join(b, f"n_id.{t}.npy")).astype(np.int64))
            for t in NODE_TYPES}
    ei = {et: torch.from_numpy(np.load(osp.join(b, f"edge_index.{et_name(et)}.npy"))
                               .astype(np.int64)) for et in EDGE_TYPES}
    eli = torch.from_numpy(np.load(osp.join(b, "edge_label_index.npy")).astype(np.int64))
    el = torch.from_numpy(np.load(osp.join(b, "edge_label.npy")).astype(np.float32))
    return n_id, ei, eli, el


def write_batch(d, batch):
    b = osp.join(d, "batch")
    os.makedirs(b, exist_ok=True)
    for t in NODE_TYPES:
        np.save(osp.join(b, f"n_id.{t}.npy"), batch[t].n_id.numpy().astype(np.int32))
    for et in EDGE_TYPES:
        np.save(osp.join(b, f"edge_index.{et_name(et)}.npy"),
                batch[et].edge_index.numpy().astype(np.int32))
    np.save(osp.join(b, "edge_label_index.npy"),
            batch[ET].edge_label_index.numpy().astype(np.int32))
    np.save(osp.join(b, "edge_label.npy"), batch[ET].edge_label.numpy().astype(np.float32))


# ---- the tutorial's data and model (as ../shared/ref/pyg_seed.py builds them) ----------------

def movie_features(data_dir):
    movies = pd.read_csv(osp.join(data_dir, "movies.csv"), index_col="movieId")
    return torch.from_numpy(movies["genres"].str.get_dummies("|").values).to(torch.float)


def load_graph(data_dir):
    movies = pd.read_csv(osp.join(data_dir, "movies.csv"), index_col="movieId")
    ratings = pd.read_csv(osp.join(data_dir, "ratings.csv"))
    users = ratings["userId"].unique()
    user_map = pd.Series(np.arange(len(users)), index=users)
    movie_map = pd.Series(np.arange(len(movies)), index=movies.index)
    data = HeteroData()
    data["user"].node_id = torch.arange(len(users))
    data["movie"].node_id = torch.arange(len(movies))
    data["movie"].x = movie_features(data_dir)
    data[ET].edge_index = torch.stack([
        torch.from_numpy(user_map[ratings["userId"]].values),
        torch.from_numpy(movie_map[ratings["movieId"]].values)])
    return data


# The layers of GNN: the tutorial's SAGEConv(h, h), or with --conv graph_conv GraphConv(h, h,
# aggr=--aggr) (examples/graph_conv.hgnn: aggr mean), or with --conv gat GATConv(h, h / 2,
# heads=2, add_self_loops=False) (examples/gat.hgnn), with --conv gat_tuple GATConv((h, h), ...)
# (separate lin_src and lin_dst); main() sets them.
CONV = {"conv": SAGEConv, "aggr": "mean", "tuple": False}


def make_conv(h):
    if CONV["conv"] is GATConv:
        return GATConv((h, h) if CONV["tuple"] else h, h // 2, heads=2, add_self_loops=False)
    return CONV["conv"](h, h, aggr=CONV["aggr"])


class GNN(torch.nn.Module):
    def __init__(self, h):
        super().__init__()
        self.conv1 = make_conv(h)
        self.conv2 = make_conv(h)

    def forward(self, x, edge_index):
        return self.conv2(F.relu(self.conv1(x, edge_index)), edge_index)


class Model(torch.nn.Module):
    def __init__(self, h, n_users, n_movies, n_feats, metadata):
        super().__init__()
        self.movie_lin = torch.nn.Linear(n_feats, h)
        self.user_emb = torch.nn.Embedding(n_users, h)
        self.movie_emb = torch.nn.Embedding(n_movies, h)
        self.gnn = to_hetero(GNN(h), metadata=metadata)

    def forward(self, n_id, movie_x, edge_index, eli):
        x = {"user": self.user_emb(n_id["user"]),
             "movie": self.movie_lin(movie_x) + self.movie_emb(n_id["movie"])}
        x = self.gnn(x, edge_index)
        return (x["user"][eli[0]] * x["movie"][eli[1]]).sum(dim=-1)


METADATA = (list(NODE_TYPES), list(EDGE_TYPES))


def model_from(state, n_feats):
    """The tutorial's model sized by the state dict's embeddings, with its weights loaded
    strictly (every name and shape PyG's)."""
    users, hidden = state["user_emb.weight"].shape
    model = Model(hidden, users, state["movie_emb.weight"].shape[0], n_feats, METADATA)
    model.load_state_dict(state, strict=True)
    return model


def adam_from(model, step):
    """torch.optim.Adam with the settings hgnn_batch wrote into step.json."""
    return torch.optim.Adam(model.parameters(), lr=step["lr"], betas=tuple(step["betas"]),
                            eps=step["eps"], weight_decay=step["weight_decay"])


# ---- check -------------------------------------------------------------------------------------

def rel_err(a, b):
    """max |a - b| over max(|b|) of the tensor: a relative error that zeros do not blow up."""
    scale = float(b.abs().max())
    return float((a - b).abs().max()) / (scale if scale > 0 else 1.0)


def check(args):
    d = args.dir
    step = json.load(open(osp.join(d, "step.json")))
    p0 = read_safetensors(osp.join(d, "params0.safetensors"))
    n_id, ei, eli, el = read_batch(d)
    x = movie_features(args.data_dir)
    model = model_from(p0, x.shape[1])
    opt = adam_from(model, step)
    opt.zero_grad()
    pred = model(n_id, x[n_id["movie"]], ei, eli)
    loss = F.binary_cross_entropy_with_logits(pred, el)
    loss.backward()
    grads = {n: p.grad.detach().clone() for n, p in model.named_parameters()}
    g_hgnn = read_safetensors(osp.join(d, "grads.safetensors"))
    # The optimizer alone: torch's Adam applied to hgnn's gradients must give hgnn's weights.
    # (From PyG's own gradients the first step, lr * g / (|g| + eps), would amplify their
    # float-rounding differences wherever |g| is near eps.)
    for n, p in model.named_parameters():
        p.grad = g_hgnn[n].reshape(p.shape).clone()
    opt.step()
    params1 = {n: p.detach().clone() for n, p in model.named_parameters()}

    p_hgnn = read_safetensors(osp.join(d, "params1.safetensors"))
    worst = 0.0
    loss_err = abs(float(loss) - step["loss"]) / abs(float(loss))
    print(f"batch: {len(n_id['user'])} users, {len(n_id['movie'])} movies, "
          + ", ".join(f"{ei[et].shape[1]} {et[1]}" for et in EDGE_TYPES)
          + f", {len(el)} labels")
    print(f"loss  pyg {float(loss):.9f}  hgnn {step['loss']:.9f}  rel err {loss_err:.2e}")
    worst = max(worst, loss_err)
    scores_path = osp.join(d, "scores.npy")
    if osp.exists(scores_path):  # hgnn_batch's forward logits of this batch (older dirs: none)
        se = rel_err(torch.from_numpy(np.load(scores_path)), pred.detach())
        print(f"scores ({len(el)} logits, |max| {float(pred.abs().max()):.4f})  rel err {se:.2e}")
        worst = max(worst, se)
    print(f"{'parameter':48s} {'|grad| max':>11s} {'grad err':>9s} {'step err':>9s} {'ulps':>5s}")
    for n in grads:
        if n not in g_hgnn or n not in p_hgnn:
            sys.exit(f"{d}: hgnn wrote no gradient or weights for {n}")
        ge = rel_err(g_hgnn[n].reshape(grads[n].shape), grads[n])
        # The weights after the step, and how many float32 ulps apart the two sides are.
        p1h = p_hgnn[n].reshape(params1[n].shape)
        pe = rel_err(p1h, params1[n])
        ulps = int((p1h.view(torch.int32).long() - params1[n].view(torch.int32).long())
                   .abs().max())
        worst = max(worst, ge, pe)
        print(f"{n:48s} {float(grads[n].abs().max()):11.4e} {ge:9.2e} {pe:9.2e} {ulps:5d}")
    ok = worst <= args.tol
    print(f"worst relative error {worst:.2e} ({'within' if ok else 'ABOVE'} {args.tol:g})")
    if len(step.get("losses", [])) > 1:
        ok = check_steps(args, step, p0, x) and ok
    return 0 if ok else 1


def check_steps(args, step, p0, x):
    """K steps on batches 0..K-1 from params0, each side on its own: the loss of every step and
    the weights after the last. Rounding differences grow step by step, so the tolerance is
    looser than for one step."""
    d, losses = args.dir, step["losses"]
    model = model_from(p0, x.shape[1])
    opt = adam_from(model, step)
    worst = 0.0
    for i, lh in enumerate(losses):
        n_id, ei, eli, el = read_batch(d, f"batches/{i:04d}/batch")
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(n_id, x[n_id["movie"]], ei, eli), el)
        loss.backward()
        opt.step()
        e = abs(float(loss) - lh) / abs(float(loss))
        worst = max(worst, e)
        print(f"step {i + 1:3d}  loss pyg {float(loss):.7f}  hgnn {lh:.7f}  rel err {e:.1e}")
    last = read_safetensors(osp.join(d, "params_last.safetensors"))
    pw = max(rel_err(last[n].reshape(p.shape), p.detach()) for n, p in model.named_parameters())
    ok = worst <= args.steps_tol and pw <= args.steps_tol
    print(f"{len(losses)} steps: worst loss error {worst:.2e}, weights after them {pw:.2e} "
          f"({'within' if ok else 'ABOVE'} {args.steps_tol:g})")
    return ok


# ---- export ------------------------------------------------------------------------------------

def write_split(d, parts):
    """split/<part>.edge_index.npy (message passing), .edge_label_index.npy, .edge_label.npy:
    global ids, so both sides' splits can be compared by their statistics."""
    o = osp.join(d, "split")
    os.makedirs(o, exist_ok=True)
    for name, part in parts.items():
        np.save(osp.join(o, f"{name}.edge_index.npy"), part[ET].edge_index.numpy().astype(np.int32))
        np.save(osp.join(o, f"{name}.edge_label_index.npy"),
                part[ET].edge_label_index.numpy().astype(np.int32))
        np.save(osp.join(o, f"{name}.edge_label.npy"),
                part[ET].edge_label.numpy().astype(np.float32))


def export(args):
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    import random
    random.seed(args.seed)
    data = T.ToUndirected()(load_graph(args.data_dir))
    train, val, test = T.RandomLinkSplit(num_val=0.1, num_test=0.1, disjoint_train_ratio=0.3,
                                         neg_sampling_ratio=2.0, add_negative_train_samples=False,
                                         edge_types=ET, rev_edge_types=REV_ET)(data)
    loader = LinkNeighborLoader(data=train, num_neighbors=[20, 10], neg_sampling_ratio=2.0,
                                edge_label_index=(ET, train[ET].edge_label_index),
                                edge_label=train[ET].edge_label, batch_size=128, shuffle=True)
    os.makedirs(args.dir, exist_ok=True)
    first = None
    for i, batch in enumerate(loader):
        if i >= args.batches:
            break
        first = first or batch
        write_batch(osp.join(args.dir, "batches", f"{i:04d}"), batch)
        np.save(osp.join(args.dir, "batches", f"{i:04d}", "batch", "input_id.npy"),
                batch[ET].input_id.numpy().astype(np.int32))
    write_batch(args.dir, first)
    write_split(args.dir, {"train": train, "val": val, "test": test})
    torch.manual_seed(args.seed)
    model = Model(64, data["user"].num_nodes, data["movie"].num_nodes, data["movie"].x.shape[1],
                  data.metadata())
    write_safetensors(osp.join(args.dir, "params0.safetensors"), model.state_dict())
    print(f"{args.dir}: split, {min(args.batches, len(loader))} batches; first batch "
          f"{first[ET].edge_label.numel()} labels, {first['user'].num_nodes} users, "
          f"{first['movie'].num_nodes} movies; params0")
    return 0


# ---- evaluate ----------------------------------------------------------------------------------

def split_part(d, name, data):
    """One part of hgnn's split (DIR/split/, global ids) as PyG's RandomLinkSplit lays it out."""
    ld = lambda f: torch.from_numpy(np.load(osp.join(d, "split", f"{name}.{f}.npy")))
    part = HeteroData()
    part["user"].node_id = data["user"].node_id
    part["movie"].node_id = data["movie"].node_id
    part["movie"].x = data["movie"].x
    ei = ld("edge_index").long()
    part[ET].edge_index = ei
    part[REV_ET].edge_index = ei.flip(0)
    part[ET].edge_label_index = ld("edge_label_index").long()
    part[ET].edge_label = ld("edge_label").float()
    return part


def auc_of(model, part):
    """The tutorial's evaluation: LinkNeighborLoader [20, 10], batches of 384 in stored order,
    ROC AUC over all the part's labels."""
    from sklearn.metrics import roc_auc_score
    loader = LinkNeighborLoader(data=part, num_neighbors=[20, 10],
                                edge_label_index=(ET, part[ET].edge_label_index),
                                edge_label=part[ET].edge_label, batch_size=384, shuffle=False)
    preds, gts = [], []
    with torch.no_grad():
        for b in loader:
            n_id = {t: b[t].n_id for t in NODE_TYPES}
            preds.append(model(n_id, b["movie"].x, b.edge_index_dict, b[ET].edge_label_index))
            gts.append(b[ET].edge_label)
    return roc_auc_score(torch.cat(gts).numpy(), torch.cat(preds).numpy())


def evaluate(args):
    """PyG's evaluation (LinkNeighborLoader [20, 10], batches of 384, ROC AUC) of --weights on
    the val and test parts of hgnn's split in DIR: the same weights on the same labels."""
    torch.manual_seed(args.seed)
    data = load_graph(args.data_dir)
    w = read_safetensors(args.weights)
    model = model_from(w, data["movie"].x.shape[1])
    for name in ("val", "test"):
        part = split_part(args.dir, name, data)
        print(f"{name} AUC {auc_of(model, part):.4f}")
    return 0


def train(args):
    """The tutorial in PyG (its loader, initialisation, Adam, 5 epochs) on hgnn's split in DIR:
    paired with hgnn-run --seed S on the same split, the split's share of the seed-to-seed spread
    drops out of the comparison."""
    torch.manual_seed(args.seed)
    data = load_graph(args.data_dir)
    parts = {n: split_part(args.dir, n, data) for n in ("train", "val", "test")}
    tr = parts["train"]
    loader = LinkNeighborLoader(data=tr, num_neighbors=[20, 10], neg_sampling_ratio=2.0,
                                edge_label_index=(ET, tr[ET].edge_label_index),
                                edge_label=tr[ET].edge_label, batch_size=128, shuffle=True)
    model = Model(64, data["user"].num_nodes, data["movie"].num_nodes, data["movie"].x.shape[1],
                  METADATA)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    out = {"seed": args.seed, "losses": []}
    for epoch in range(args.epochs):
        total = count = 0.0
        for b in loader:
            opt.zero_grad()
            n_id = {t: b[t].n_id for t in NODE_TYPES}
            pred = model(n_id, b["movie"].x, b.edge_index_dict, b[ET].edge_label_index)
            loss = F.binary_cross_entropy_with_logits(pred, b[ET].edge_label)
            loss.backward()
            opt.step()
            total += float(loss) * pred.numel()
            count += pred.numel()
        out["losses"].append(total / count)
    for name in ("val", "test"):
        out[f"{name}_auc"] = auc_of(model, parts[name])
    print(json.dumps(out))
    return 0


# ---- golden ------------------------------------------------------------------------------------

def summary(t):
    """What the CI test compares without PyG: norms and the eight largest entries."""
    flat = t.detach().reshape(-1).double()
    top = torch.topk(flat.abs(), min(8, flat.numel())).indices
    return {"l1": float(flat.abs().sum()), "l2": float(flat.norm()),
            "top": [[int(i), float(flat[i])] for i in top]}


def golden(args):
    """PyG's loss and gradients on DIR's batch and weights, and its losses over DIR's first
    --steps batches: the numbers tests/pyg/ checks hgnn against in CI."""
    d = args.dir
    p0 = read_safetensors(osp.join(d, "params0.safetensors"))
    x = movie_features(args.data_dir)
    model = model_from(p0, x.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    out = {"what": f"PyG 2.4 (torch {torch.__version__}) on hgnn's seed-{args.seed} initial "
                   f"weights and training batches 0..{args.steps - 1} of epoch 1",
           "losses": []}
    for i in range(args.steps):
        n_id, ei, eli, el = read_batch(d, f"batches/{i:04d}/batch")
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(n_id, x[n_id["movie"]], ei, eli), el)
        loss.backward()
        if i == 0:
            out["grads"] = {n: summary(p.grad) for n, p in model.named_parameters()}
        opt.step()
        if i == 0:
            out["params1"] = {n: summary(p) for n, p in model.named_parameters()}
        out["losses"].append(float(loss))
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=["check", "export", "golden", "evaluate", "train"])
    p.add_argument("--epochs", type=int, default=5, help="train: epochs")
    p.add_argument("--weights", help="evaluate: a safetensors file of the tutorial model")
    p.add_argument("dir")
    p.add_argument("--data-dir", default="data/ml-latest-small")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--conv", choices=["sage", "graph_conv", "gat", "gat_tuple"], default="sage",
                   help="the GNN's layers: SAGEConv (the tutorial), GraphConv or "
                        "GATConv(h, h / 2, heads=2, add_self_loops=False), gat_tuple with "
                        "in_channels (h, h)")
    p.add_argument("--aggr", default="mean", help="the layers' aggregation (PyG's aggr=)")
    p.add_argument("--tol", type=float, default=1e-5)
    p.add_argument("--steps", type=int, default=20, help="golden: training steps to record")
    p.add_argument("--steps-tol", type=float, default=1e-4,
                   help="check: tolerance of the losses and weights after several steps")
    p.add_argument("--batches", type=int, default=1,
                   help="export: training batches of the first epoch to write (batches/NNNN/)")
    args = p.parse_args()
    CONV.update(conv={"sage": SAGEConv, "graph_conv": GraphConv, "gat": GATConv,
                      "gat_tuple": GATConv}[args.conv],
                aggr=args.aggr, tuple=args.conv == "gat_tuple")
    torch.set_num_threads(1)
    return {"check": check, "export": export, "golden": golden, "evaluate": evaluate,
            "train": train}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
