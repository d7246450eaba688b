// Test program for tests/rewriter/real_binaries.sh (static Rust, glibc crt-static).
use std::fs;
use std::io::Write;
use std::thread;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "/tmp".into());
    let path = format!("{}/rust-test.txt", dir);
    {
        let mut f = match fs::File::create(&path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("cannot create {}: {}", path, e);
                std::process::exit(2);
            }
        };
        for i in 0..500 {
            writeln!(f, "row {} {}", i, i * i).unwrap();
        }
    }
    let text = fs::read_to_string(&path).expect("read");
    println!("lines {} bytes {}", text.lines().count(), text.len());
    let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || (0..=i * 100).sum::<u64>())).collect();
    for (i, h) in handles.into_iter().enumerate() {
        println!("thread {} {}", i, h.join().unwrap());
    }
    let mut v: Vec<String> = text.lines().rev().take(3).map(String::from).collect();
    v.sort();
    println!("{:?}", v);
    fs::remove_file(&path).unwrap();
    eprintln!("to stderr");
    std::process::exit(4);
}
