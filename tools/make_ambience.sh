#!/usr/bin/env bash
# Writes the ambience of the four places into assets/audio/ambience/: seamless loops,
# OGG Vorbis, mono, 22.05 kHz. Synthesised with sox (Debian: sox libsox-fmt-all); the
# neighbour's radio and the far-off children use espeak-ng (nonsense syllables for the
# children, a neutral weather bulletin for the radio). Nothing violent is heard.
# Everything is generated here, so it is CC0 and ours.
#
# Usage: tools/make_ambience.sh [OUT_DIR]     (default: assets/audio/ambience)
#
# Reproducible: `sox -R` seeds sox's noise generators (and the Ogg serial number) with a
# fixed value, espeak-ng has no randomness, and event times come from a Park-Miller
# generator below with fixed seeds. Running it twice gives byte-identical files. As -R
# restarts the noise in every sox run, the layers of one sound each skip a different
# number of seconds of it (the `T + 3 ... trim P + 3` below), so that they do not match.
#
# How the loops stay seamless: each sound is a mix of
#   * noise layers, rendered L+X seconds long and folded with an equal-power crossfade
#     (the last X seconds fade out over the first X, which fade in: `xfade`);
#   * event layers (chirps, flaps, ticks, speech), rendered L+W seconds long and folded
#     without fades (whatever rings past L is added onto the start: `fold`), which is an
#     exact circular wrap;
#   * tonal layers whose frequencies and modulation rates are whole multiples of 1/L, so
#     they are periodic already (`trim P L` after a settling pre-roll P).
# Time-invariant processing of a finished loop (band-pass, reverb) runs on three copies
# end to end and keeps the middle one (`post3`), so filter and reverb tails wrap too.
set -euo pipefail
export LC_ALL=C

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../assets/audio/ambience}"
mkdir -p "$out"
tmp="$(mktemp -d)"
[ -n "${KEEP:-}" ] && echo "intermediates kept in $tmp" >&2 || trap 'rm -rf "$tmp"' EXIT

R=22050     # sample rate
P=2         # pre-roll (filters and reverbs settle), discarded
X=2         # loop crossfade for noise layers, seconds
W=3         # wrap margin for event layers, seconds
Q=3         # Vorbis quality
PEAK=-4.2   # ceiling for the peak before encoding, dBFS (Vorbis adds up to ~1 dB)

# ── helpers ────────────────────────────────────────────────────────────────────────
F=(-e floating-point -b 32)  # intermediates: 32-bit float WAV
gen() { local o=$1; shift; sox -R -r $R -c 1 -n "${F[@]}" "$o" "$@"; }
genc() { local c=$1 o=$2; shift 2; sox -R -r $R -c "$c" -n "${F[@]}" "$o" "$@"; }
proc() { local i=$1 o=$2; shift 2; sox -R "$i" "${F[@]}" "$o" "$@"; }
add() { # OUT VOL FILE [VOL FILE ...]: the sum, each file scaled by its VOL
    local o=$1 a=(); shift
    while (($#)); do a+=(-v "$1" "$2"); shift 2; done
    if ((${#a[@]} == 2)); then sox -R "${a[@]}" "${F[@]}" "$o"; else sox -R -m "${a[@]}" "${F[@]}" "$o"; fi
}
fit() { # IN OUT SECONDS: pad with silence or cut to exactly that length
    local have want
    have=$(soxi -s "$1"); want=$(awk -v t="$3" -v r=$R 'BEGIN{printf "%d", t*r+0.5}')
    if ((have < want)); then proc "$1" "$2" pad 0 "$((want - have))s"; else proc "$1" "$2" trim 0 "${want}s"; fi
}
# Noise layer of length L+X -> seamless loop of length L (equal-power crossfade).
xfade() { # IN L OUT
    local i=$1 l=$2 o=$3
    proc "$i" "$tmp/_h.wav" trim 0 $X fade q $X
    proc "$i" "$tmp/_t.wav" trim "$l" $X fade q 0 $X $X
    add "$tmp/_ht.wav" 1 "$tmp/_h.wav" 1 "$tmp/_t.wav"
    proc "$i" "$tmp/_b.wav" trim $X "=$l"
    sox -R "$tmp/_ht.wav" "$tmp/_b.wav" "${F[@]}" "$o"
}
# Event layer of length >= L+W, silent at 0 -> circular wrap to length L.
fold() { # IN L OUT
    local i=$1 l=$2 o=$3
    fit "$i" "$tmp/_e.wav" "$(awk -v l="$l" -v w=$W 'BEGIN{print l+w}')"
    proc "$tmp/_e.wav" "$tmp/_h.wav" trim 0 $W
    proc "$tmp/_e.wav" "$tmp/_t.wav" trim "$l" $W
    add "$tmp/_ht.wav" 1 "$tmp/_h.wav" 1 "$tmp/_t.wav"
    proc "$tmp/_e.wav" "$tmp/_b.wav" trim $W "=$l"
    sox -R "$tmp/_ht.wav" "$tmp/_b.wav" "${F[@]}" "$o"
}
# Time-invariant effects on a loop, keeping it a loop: run on 3 copies, keep the middle.
post3() { # IN L OUT EFFECTS...
    local i=$1 l=$2 o=$3; shift 3
    sox -R "$i" "$i" "$i" "${F[@]}" "$tmp/_3.wav" "$@"
    proc "$tmp/_3.wav" "$o" trim "$l" "$l"
}
# Park-Miller minimal standard generator: deterministic in any 64-bit bash.
SEED=1
seed() { SEED=$1; }
rnd() { SEED=$(( SEED * 16807 % 2147483647 )); }
uni() { rnd; U=$(( $1 + SEED % ($2 - $1 + 1) )); }  # U = integer in [$1, $2]
s() { printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )); }  # milliseconds -> seconds
q32() { awk -v f="$1" -v l="$2" 'BEGIN{printf "%.6f", int(f*l+0.5)/l}'; }  # round to k/L Hz
db() { sox "$1" -n stats 2>&1 | awk -v k="$2" 'index($0,k)==1{print $NF}'; }
# OUT {rms|pk|=} DB FILE ...: each FILE brought to DB dBFS (RMS or peak; `=`: as it is),
# then summed. Levels below are these pre-mix levels; `encode` sets the final one.
mixdb() {
    local o=$1 a=() k; shift
    while (($#)); do
        case $1 in rms) k='RMS lev dB' ;; pk) k='Pk lev dB' ;; *) k= ;; esac
        if [ -n "$k" ]; then
            a+=("$(awk -v c="$(db "$3" "$k")" -v t="$2" 'BEGIN{printf "%.5f", 10^((t-c)/20)}')" "$3")
        else a+=(1 "$3"); fi
        shift 3
    done
    add "$o" "${a[@]}"
}
# Level a finished loop (target RMS, peak kept under PEAK) and encode it.
encode() { # IN NAME TARGET_RMS_DB
    local i=$1 n=$2 t=$3 r p g
    r=$(db "$i" 'RMS lev dB'); p=$(db "$i" 'Pk lev dB')
    g=$(awk -v r="$r" -v p="$p" -v t="$t" -v c=$PEAK 'BEGIN{g=t-r; if (p+g>c) g=c-p; printf "%.2f", g}')
    sox -R "$i" -r $R -c 1 -C $Q "$out/$n.ogg" gain "$g"
}

# ── office_room (bed, 30 s): room tone, ceiling fan, far street, a far bird ──────────
L=30; T=$((P + L + X))
gen "$tmp/o_tone.wav" synth $T brownnoise vol 0.5 lowpass 250 highpass 40 trim $P
gen "$tmp/o_air.wav" synth $((T + 3)) pinknoise vol 0.5 lowpass 1800 highpass 120 trim $((P + 3))
# fan: a soft whoosh per blade (3 blades, 80 rpm = 4 Hz) and a faint motor tone
gen "$tmp/o_fan.wav" synth $((T + 6)) pinknoise vol 0.5 bandpass 420 1.6o tremolo 4 30 trim $((P + 6))
gen "$tmp/o_street.wav" synth $((T + 9)) pinknoise vol 0.5 lowpass 700 lowpass 500 highpass 80 \
    tremolo 0.1 40 tremolo 0.2333333 30 trim $((P + 9))
mixdb "$tmp/o_noise.wav" rms -32 "$tmp/o_tone.wav" rms -38 "$tmp/o_air.wav" rms -36 "$tmp/o_fan.wav" rms -37 "$tmp/o_street.wav"
xfade "$tmp/o_noise.wav" $L "$tmp/o_bed.wav"
gen "$tmp/o_motor.wav" synth $((P + L)) sine 100 synth sine mix 200 vol 0.5 trim $P
# two short far calls, high-passed and soft
seed 5; ev=(); t=0
for start in 9300 21700; do
    for n in 1 2 3; do
        uni 55 85; d=$U; uni 2900 3600; f1=$U; uni 3900 4600; f2=$U
        if ((n == 1)); then gap=$(( start - t )); else uni 90 160; gap=$U; fi
        ((${#ev[@]})) && ev+=(:)
        ev+=(synth "$(s $d)" sine "$f2:$f1" fade q 0.006 "$(s $d)" 0.03 pad "$(s $gap)")
        t=$(( t + gap + d ))
    done
done
gen "$tmp/o_bird_ev.wav" "${ev[@]}"
fold "$tmp/o_bird_ev.wav" $L "$tmp/o_bird.wav"
post3 "$tmp/o_bird.wav" $L "$tmp/o_bird_r.wav" vol 0.3 highpass 2000 reverb 40 60 80
mixdb "$tmp/o_mix.wav" = 0 "$tmp/o_bed.wav" rms -54 "$tmp/o_motor.wav" pk -30 "$tmp/o_bird_r.wav"
encode "$tmp/o_mix.wav" office_room -27

# ── street_wind (bed, 30 s): dry wind, low, with gusts ───────────────────────────────
L=30; T=$((P + L + X))
# Gust envelope: three slow tremolos whose rates are k/30 Hz, applied after the trim so
# that every layer swells together; the bright layers swing more, so gusts get brighter.
gen "$tmp/w_low.wav" synth $((T + 4)) brownnoise vol 0.5 lowpass 420 highpass 40 trim $((P + 4)) \
    tremolo 0.0666667 55 tremolo 0.1666667 35 tremolo 0.3 25
gen "$tmp/w_body.wav" synth $((T + 7)) pinknoise vol 0.5 bandpass 650 1.5o trim $((P + 7)) \
    tremolo 0.0666667 75 tremolo 0.1666667 50 tremolo 0.3 35
gen "$tmp/w_hiss.wav" synth $((T + 5)) pinknoise vol 0.5 highpass 1600 lowpass 4500 trim $((P + 5)) \
    tremolo 0.0666667 90 tremolo 0.1666667 65 tremolo 0.3 45
# a faint whistle through a gap: a narrow band that only speaks in the gusts
gen "$tmp/w_whistle.wav" synth $((T + 11)) whitenoise vol 0.5 bandpass 880 10q trim $((P + 11)) \
    tremolo 0.0666667 100 tremolo 0.1666667 90
mixdb "$tmp/w_noise.wav" rms -28 "$tmp/w_low.wav" rms -31 "$tmp/w_body.wav" rms -38 "$tmp/w_hiss.wav" rms -44 "$tmp/w_whistle.wav"
xfade "$tmp/w_noise.wav" $L "$tmp/w_mix.wav"
encode "$tmp/w_mix.wav" street_wind -25

# ── plastic_sheeting (emitter, 24 s): flapping and rustling, irregular ───────────────
L=24; T=$((P + L + X))
gen "$tmp/p_rustle.wav" synth $((T + 7)) whitenoise vol 0.5 highpass 1800 lowpass 6500 \
    tremolo 0.125 85 tremolo 0.4583333 70 tremolo 1.2916667 40 trim $((P + 7))
xfade "$tmp/p_rustle.wav" $L "$tmp/p_bed.wav"
# flaps come in bursts (one per gust): each flap is a fluttering crackle, and a soft
# low "whap" as the sheet snaps taut
seed 20240611
crackle=(); whap=(); t=0
for burst in 1 2 3 4 5 6; do
    uni 1200 3200; gap=$U; t=$(( t + gap ))
    uni 2 5; nf=$U
    for ((k = 0; k < nf; k++)); do
        uni 120 420; d=$U; uni 1300 3200; c=$U; uni 18 46; fl=$U; uni 30 85; a=$U
        ((k)) && { uni 20 160; gap=$U; t=$(( t + gap )); }
        ((${#crackle[@]})) && crackle+=(:) && whap+=(:)
        crackle+=(synth "$(s $d)" whitenoise vol 0.3 bandpass $c 1.4o tremolo $fl 85 tremolo $(( fl * 17 / 10 )) 50 \
            fade q 0.008 "$(s $d)" "$(s $(( d * 7 / 10 )))" vol "0.$a" pad "$(s $gap)")
        whap+=(synth "$(s $d)" brownnoise vol 0.5 lowpass 380 highpass 60 fade q 0.004 "$(s $d)" "$(s $(( d * 8 / 10 )))" \
            vol "0.$a" pad "$(s $gap)")
        t=$(( t + d ))
    done
done
((t < (L - 1) * 1000)) || { echo "plastic_sheeting: events overrun ($t ms)" >&2; exit 1; }
gen "$tmp/p_crackle_ev.wav" "${crackle[@]}"
gen "$tmp/p_whap_ev.wav" "${whap[@]}"
mixdb "$tmp/p_ev.wav" rms -28 "$tmp/p_crackle_ev.wav" rms -33 "$tmp/p_whap_ev.wav"
fold "$tmp/p_ev.wav" $L "$tmp/p_fdry.wav"
# tame the loudest snaps a little, so the sheet can sit louder without spiking
post3 "$tmp/p_fdry.wav" $L "$tmp/p_flaps.wav" compand 0.001,0.06 3:-70,-70,-36,-30,-20,-20,0,-16 0 -40 0.002
mixdb "$tmp/p_mix.wav" rms -34 "$tmp/p_bed.wav" rms -26 "$tmp/p_flaps.wav"
encode "$tmp/p_mix.wav" plastic_sheeting -22

# ── generator (emitter, 20 s): small diesel idling, steady ──────────────────────────
L=20; T=$((P + L + X))
# 50 Hz and harmonics, chugging at the firing rate (12.5 Hz); all periodic in 20 s
genc 7 "$tmp/g_hum7.wav" synth $((P + L)) sine 50 sine 100 sine 150 sine 200 sine 250 sine 300 sine 400
proc "$tmp/g_hum7.wav" "$tmp/g_hum.wav" remix 1v0.5,2v0.38,3v0.22,4v0.16,5v0.1,6v0.06,7v0.03 \
    tremolo 12.5 45 trim $P
# exhaust putter, housing rattle and valve chatter (noise: crossfaded)
gen "$tmp/g_exh.wav" synth $T brownnoise vol 0.5 lowpass 260 highpass 35 tremolo 12.5 85 trim $P
gen "$tmp/g_rattle.wav" synth $((T + 3)) pinknoise vol 0.5 bandpass 700 1o tremolo 50 55 tremolo 12.5 40 trim $((P + 3))
gen "$tmp/g_chat.wav" synth $((T + 6)) whitenoise vol 0.5 bandpass 2300 1o lowpass 4500 tremolo 25 95 tremolo 12.5 60 trim $((P + 6))
mixdb "$tmp/g_noise.wav" rms -26 "$tmp/g_exh.wav" rms -32 "$tmp/g_rattle.wav" rms -36 "$tmp/g_chat.wav"
xfade "$tmp/g_noise.wav" $L "$tmp/g_bed.wav"
mixdb "$tmp/g_mix.wav" rms -20 "$tmp/g_hum.wav" = 0 "$tmp/g_bed.wav"
encode "$tmp/g_mix.wav" generator -19

# ── birds (emitter, 30 s): sparse sparrow-like chirps, with silences ─────────────────
L=30
seed 77; ev=(); t=0
for phrase in 1 2 3 4 5 6; do
    uni 2400 4600; gap=$U; t=$(( t + gap ))
    uni 2 6; nc=$U; uni 3300 4300; base=$U
    for ((k = 0; k < nc; k++)); do
        uni 45 95; d=$U; uni -500 700; f1=$(( base + U )); uni -900 300; f2=$(( base + U ))
        uni 28 70; rasp=$U; uni 45 95; a=$U
        ((k)) && { uni 60 170; gap=$U; t=$(( t + gap )); }
        ((${#ev[@]})) && ev+=(:)
        ev+=(synth "$(s $d)" sine "$f1/$f2" tremolo $(( rasp * 2 )) 35 fade q 0.005 "$(s $d)" 0.025 \
            vol "0.$a" pad "$(s $gap)")
        t=$(( t + d ))
    done
done
((t < (L - 1) * 1000)) || { echo "birds: events overrun ($t ms)" >&2; exit 1; }
gen "$tmp/b_ev.wav" "${ev[@]}"
fold "$tmp/b_ev.wav" $L "$tmp/b_dry.wav"
post3 "$tmp/b_dry.wav" $L "$tmp/b_mix.wav" vol 0.4 highpass 1500 reverb 25 50 60
encode "$tmp/b_mix.wav" birds -24

# ── distant_traffic (emitter or bed layer, 30 s): far traffic, one soft far horn ─────
L=30; T=$((P + L + X))
gen "$tmp/t_rumble.wav" synth $T brownnoise vol 0.5 lowpass 300 highpass 30 tremolo 0.0666667 25 trim $P
gen "$tmp/t_wash.wav" synth $((T + 4)) pinknoise vol 0.5 lowpass 900 highpass 120 \
    tremolo 0.1 35 tremolo 0.2333333 25 trim $((P + 4))
mixdb "$tmp/t_noise.wav" rms -27 "$tmp/t_rumble.wav" rms -32 "$tmp/t_wash.wav"
xfade "$tmp/t_noise.wav" $L "$tmp/t_bed.wav"
# three cars passing far away: a slow swell of band-limited noise each
seed 4242; pass=()
for start in 800 10400 19100; do
    uni 5000 8500; d=$U; uni 300 600; c=$U; uni 40 80; a=$U
    gen "$tmp/t_pass$start.wav" synth $(( d / 1000 + start / 1000 + 6 )) pinknoise trim $(( start / 1000 + 5 )) "$(s $d)" bandpass $c 1.2o lowpass 1400 \
        fade h "$(s $(( d / 2 )))" "$(s $d)" "$(s $(( d / 2 )))" vol "0.$a" pad "$(s $start)"
    pass+=(1 "$tmp/t_pass$start.wav")
done
add "$tmp/t_pass_ev.wav" "${pass[@]}"
fold "$tmp/t_pass_ev.wav" $L "$tmp/t_pass.wav"
# one short, soft two-tone horn, far off: low-passed and mostly reverb
genc 2 "$tmp/t_horn2.wav" synth 0.22 sawtooth 392 sawtooth 494 fade q 0.03 0.22 0.08 pad 19.4
proc "$tmp/t_horn2.wav" "$tmp/t_horn_ev.wav" remix 1v0.5,2v0.5 lowpass 700 lowpass 900
fold "$tmp/t_horn_ev.wav" $L "$tmp/t_horn_dry.wav"
post3 "$tmp/t_horn_dry.wav" $L "$tmp/t_horn.wav" reverb -w 70 60 100
mixdb "$tmp/t_mix.wav" = 0 "$tmp/t_bed.wav" rms -34 "$tmp/t_pass.wav" pk -30 "$tmp/t_horn.wav"
encode "$tmp/t_mix.wav" distant_traffic -24

# ── radio_murmur (emitter): a neighbour's radio, muffled: talk, then a few oud notes ─
# A presenter's greeting and the weather, in Arabic; an oud-like plucked phrase between.
say() { espeak-ng -v "$1" -p "$2" -s "$3" -w "$tmp/_say.wav" "$4" && proc "$tmp/_say.wav" "$5" rate $R; }
say ar 38 150 "صباح الخير، وأهلاً بكم من جديد في برنامجكم الصباحي." "$tmp/r_talk1.wav"
say ar 38 150 "الطقس اليوم مشمس ومعتدل، ودرجة الحرارة ثلاث وعشرون درجة. وفي المساء، رياح خفيفة من جهة الغرب." "$tmp/r_talk2.wav"
say ar+f3 55 150 "والآن، نستمع معاً إلى بعض الموسيقى." "$tmp/r_talk3.wav"
# maqam bayati on D (E half-flat): D F E- D, A G F E- D ...
oud() { # OUT NOTE:MS ...
    local o=$1 a=(); shift
    for nd in "$@"; do
        local f=${nd%%:*} d=${nd##*:}
        ((${#a[@]})) && a+=(:)
        a+=(synth "$(s $d)" pluck "$f" 0 0 60 vol 0.5 fade q 0 "$(s $d)" 0.04)
    done
    sox -R -r 44100 -c 1 -n "${F[@]}" "$tmp/_oud.wav" "${a[@]}"  # pluck wants 44.1 kHz
    proc "$tmp/_oud.wav" "$o" rate $R lowpass 2400 vol 0.6
}
D=146.83; Eh=160.12; F_=174.61; G=196.00; A=220.00; Bb=233.08; C=261.63; D4=293.66
oud "$tmp/r_oud1.wav" $D:260 $F_:260 $Eh:260 $D:520 $A:260 $G:260 $F_:260 $Eh:260 $D:780
oud "$tmp/r_oud2.wav" $A:260 $Bb:260 $C:260 $D4:520 $C:260 $Bb:260 $A:520 $G:260 $F_:260 $A:780
oud "$tmp/r_oud3.wav" $D:260 $Eh:260 $F_:260 $G:520 $F_:260 $Eh:260 $D:1040
# lay them out one after another; the loop is as long as the programme
t=300; parts=()
for item in r_oud1:500 r_talk1:350 r_talk2:700 r_oud2:450 r_talk3:500 r_oud3:900; do
    f="$tmp/${item%%:*}.wav"; g=${item##*:}
    proc "$f" "$tmp/_p_${item%%:*}.wav" pad "$(s $t)"
    parts+=(1 "$tmp/_p_${item%%:*}.wav")
    ms=$(awk -v d="$(soxi -D "$f")" 'BEGIN{printf "%d", d*1000+0.5}')
    t=$(( t + ms + g ))
done
L=$(awk -v t=$t 'BEGIN{printf "%d", (t+999)/1000}')
((L >= 20 && L <= 40)) || { echo "radio_murmur: programme is $L s" >&2; exit 1; }
add "$tmp/r_prog.wav" "${parts[@]}"
# crackle: sparse clicks
seed 913; ev=(); tc=0
while true; do
    uni 150 1400; gap=$U; tc=$(( tc + gap + 3 )); ((tc < L * 1000)) || break
    uni 20 90; a=$U
    ((${#ev[@]})) && ev+=(:)
    ev+=(synth 0.003 whitenoise vol "0.$a" pad "$(s $gap)")
done
gen "$tmp/r_clk_ev.wav" "${ev[@]}"
add "$tmp/r_ev.wav" 1 "$tmp/r_prog.wav" 0.35 "$tmp/r_clk_ev.wav"
fold "$tmp/r_ev.wav" $L "$tmp/r_loop.wav"
# the radio's small speaker, through a wall
post3 "$tmp/r_loop.wav" $L "$tmp/r_radio.wav" sinc 300-3000 overdrive 6 10 lowpass 1800 reverb 35 60 40
T=$((P + L + X))
gen "$tmp/r_hiss.wav" synth $T pinknoise vol 0.5 sinc 300-3000 lowpass 1800 trim $P
xfade "$tmp/r_hiss.wav" $L "$tmp/r_hissl.wav"
mixdb "$tmp/r_mix.wav" rms -20 "$tmp/r_radio.wav" rms -42 "$tmp/r_hissl.wav"
encode "$tmp/r_mix.wav" radio_murmur -24

# ── home_room (bed, 30 s): a quiet room, the sheeting ticking, a clock, children far off
L=30; T=$((P + L + X))
gen "$tmp/h_tone.wav" synth $T brownnoise vol 0.5 lowpass 200 highpass 40 trim $P
gen "$tmp/h_air.wav" synth $((T + 5)) pinknoise vol 0.5 lowpass 1200 highpass 100 tremolo 0.1 30 trim $((P + 5))
mixdb "$tmp/h_noise.wav" rms -32 "$tmp/h_tone.wav" rms -38 "$tmp/h_air.wav"
xfade "$tmp/h_noise.wav" $L "$tmp/h_bed.wav"
# a clock: tick, tock, once a second (periodic by construction)
gen "$tmp/h_tt.wav" synth 0.004 whitenoise pad 0 0.996 bandpass 3100 9q vol 0.5 : \
    synth 0.004 whitenoise pad 0 0.996 bandpass 2500 9q vol 0.45
proc "$tmp/h_tt.wav" "$tmp/h_clock.wav" repeat $(( L / 2 - 1 )) pad 0.35 trim 0 $L
# the plastic sheeting over the window, ticking faintly now and then
seed 31337; ev=(); t=0
while true; do
    uni 700 4200; gap=$U; uni 1 4; n=$U
    for ((k = 0; k < n; k++)); do
        ((k)) && { uni 40 200; gap=$U; }
        t=$(( t + gap + 30 )); ((t < (L - 1) * 1000)) || break 2
        uni 1500 3800; c=$U; uni 30 99; a=$U
        ((${#ev[@]})) && ev+=(:)
        ev+=(synth 0.03 whitenoise vol 0.4 fade q 0.001 0.03 0.026 bandpass $c 2o vol "0.$a" pad "$(s $gap)")
    done
done
gen "$tmp/h_tick_ev.wav" "${ev[@]}"
fold "$tmp/h_tick_ev.wav" $L "$tmp/h_ticks.wav"
# children playing outside, far away: nonsense syllables, low-passed into a murmur
kid() { espeak-ng -v "$1" -p "$2" -s "$3" -w "$tmp/_kid.wav" "$4"
        proc "$tmp/_kid.wav" "$5" rate $R lowpass 650 lowpass 650 pad "$6"; }
kid ar+f5 88 165 "يا لا لا، هي هي، با با ما" "$tmp/h_kid1.wav" 2.1
kid ar+m3 95 175 "هو هو، تا تا نا، يا يا" "$tmp/h_kid2.wav" 8.6
kid ar+f2 92 160 "لا لا، مي مي، نا نا نا" "$tmp/h_kid3.wav" 15.3
kid ar+f5 90 170 "با با، هي يا، لا لا لا" "$tmp/h_kid4.wav" 22.4
add "$tmp/h_kid_ev.wav" 1 "$tmp/h_kid1.wav" 1 "$tmp/h_kid2.wav" 1 "$tmp/h_kid3.wav" 1 "$tmp/h_kid4.wav"
fold "$tmp/h_kid_ev.wav" $L "$tmp/h_kid_dry.wav"
post3 "$tmp/h_kid_dry.wav" $L "$tmp/h_kids.wav" reverb -w 80 70 100 highpass 150
mixdb "$tmp/h_mix.wav" = 0 "$tmp/h_bed.wav" pk -24 "$tmp/h_clock.wav" pk -28 "$tmp/h_ticks.wav" rms -44 "$tmp/h_kids.wav"
encode "$tmp/h_mix.wav" home_room -28

# ── gallery_pad (bed, 32 s): a calm, warm pad, three chords slowly breathing ────────
# D add9 -> Bm7 -> Gmaj7 over a soft low D; each chord swells in turn (raised cosines
# a third of the loop apart). Frequencies are rounded to k/32 Hz, so it is periodic.
L=32
chord() { # OUT PHASE% NOTE_HZ...
    local o=$1 ph=$2 syn=() mx=() i=0 f
    shift 2
    for f in "$@"; do
        syn+=(triangle "$(q32 "$f" $L)" sine "$(q32 "$(awk -v f="$f" -v i=$i 'BEGIN{print f+0.125+0.0625*i}')" $L)")
        mx+=("$((2 * i + 1))v0.075" "$((2 * i + 2))v0.05"); i=$((i + 1))
    done
    genc $((2 * $#)) "$tmp/_ch.wav" synth $((P + L)) "${syn[@]}"
    proc "$tmp/_ch.wav" "$o" remix "$(IFS=,; echo "${mx[*]}")" synth sine amod 0.03125 0 "$ph" trim $P
}
chord "$tmp/a_c1.wav" 25 146.83 220.00 329.63 369.99
chord "$tmp/a_c2.wav" 58.3333 123.47 185.00 293.66 440.00
chord "$tmp/a_c3.wav" 91.6667 98.00 146.83 246.94 369.99
genc 2 "$tmp/a_ped2.wav" synth $((P + L)) sine "$(q32 73.42 $L)" sine "$(q32 110.00 $L)"
proc "$tmp/a_ped2.wav" "$tmp/a_ped.wav" remix 1v0.7,2v0.3 trim $P
add "$tmp/a_sum.wav" 0.8 "$tmp/a_c1.wav" 0.8 "$tmp/a_c2.wav" 0.8 "$tmp/a_c3.wav" 0.12 "$tmp/a_ped.wav"
post3 "$tmp/a_sum.wav" $L "$tmp/a_mix.wav" lowpass 1400 tremolo 0.125 18 reverb 60 70 100
encode "$tmp/a_mix.wav" gallery_pad -24

# ── report ──────────────────────────────────────────────────────────────────────────
printf '%-22s %8s %8s %8s %8s\n' file seconds 'RMS dB' 'peak dB' bytes
for f in "$out"/*.ogg; do
    printf '%-22s %8.2f %8s %8s %8d\n' "$(basename "$f")" "$(soxi -D "$f")" \
        "$(db "$f" 'RMS lev dB')" "$(db "$f" 'Pk lev dB')" "$(wc -c < "$f")"
done
